import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphJsonSchemaText } from '../../graph-schema/json-schema.ts';

describe('published JSON Schema', () => {
  it('matches the zod validator (run `npm run schema` after changing graph-schema/document.ts)', () => {
    const committed = readFileSync(new URL('../../graph-schema/formwork-graph.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(graphJsonSchemaText());
  });

  it('describes the required top-level fields', () => {
    const schema = JSON.parse(graphJsonSchemaText()) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'version', 'nodes', 'edges']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['subgraphs', 'layout', 'weights', 'meta']));
  });
});
