// Regenerates graph-schema/formwork-graph.schema.json from the zod validator: `npm run schema`.
import { writeFileSync } from 'node:fs';
import { graphJsonSchemaText } from '../graph-schema/json-schema.ts';

writeFileSync(new URL('../graph-schema/formwork-graph.schema.json', import.meta.url), graphJsonSchemaText());
console.log('wrote graph-schema/formwork-graph.schema.json');
