/**
 * The published JSON Schema of the graph document, generated from the zod validator so the two
 * cannot drift apart (a test compares it with the committed `formwork-graph.schema.json`).
 * Block parameters are validated per block by the engine; the schema only says they are an object.
 */
import { z } from 'zod';
import { GraphDocumentSchema } from './document.ts';

/** The JSON Schema (draft 2020-12) of a version-1 graph document. */
export function graphJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(GraphDocumentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $id: 'urn:formwork:graph:1',
    title: 'Formwork graph document',
    ...schema,
  };
}

/** The committed file's text. */
export function graphJsonSchemaText(): string {
  return JSON.stringify(graphJsonSchema(), null, 2) + '\n';
}
