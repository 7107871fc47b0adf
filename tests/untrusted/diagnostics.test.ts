/**
 * Issue 13, class 2: every rejection is a coded diagnostic with a path; an unexpected internal error
 * says "internal error", the command and where to report it, with a stack only under --debug.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../engine/cli/command.ts';
import { cli, example, NO_STACK, scratch, writeGraph } from './helpers.ts';

describe('coded diagnostics instead of stack traces', () => {
  it('v0 files with null or malformed blocks and links: FW005 with a path', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ blocks: null, links: [] }, /FW005 error at nodes/],
      [{ blocks: [], links: null }, /FW005 error at edges/],
      [{ blocks: [null, 3], links: [] }, /FW005 error at nodes\[0\]/],
      [{ blocks: [{ id: 'a', type: 'Softmax' }], links: [null, 'x'] }, /FW005 error at edges\[0\]/],
    ];
    for (const [body, expected] of cases) {
      const file = writeGraph(scratch(), { format: 'formwork.graph', version: 0, ...body } as never);
      const r = await cli(['validate', file]);
      expect(r.code, JSON.stringify(body)).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(NO_STACK);
    }
  });

  it('a null or malformed safetensors header entry: FW040 at weightsFile', async () => {
    for (const entry of [null, 3, [], { dtype: 'F32', shape: [2], data_offsets: null }]) {
      const dir = scratch();
      const header = new TextEncoder().encode(JSON.stringify({ 'embed.table': entry }));
      const bytes = new Uint8Array(8 + header.length);
      new DataView(bytes.buffer).setUint32(0, header.length, true);
      bytes.set(header, 8);
      writeFileSync(join(dir, 'w.safetensors'), bytes);
      const file = writeGraph(dir, { ...example('tour-09-embeddings'), weightsFile: 'w.safetensors' });
      for (const command of ['validate', 'run']) {
        const r = await cli([command, file, '--text', 'the'].slice(0, command === 'run' ? 4 : 2));
        expect(r.code, `${command} ${JSON.stringify(entry)}`).toBe(1);
        expect(r.stderr).toMatch(/^FW040 error at weightsFile: weights file: /);
        expect(r.stderr).not.toMatch(NO_STACK);
      }
    }
  });

  it('an internal error names the command and where to report it; the stack only with --debug', async () => {
    const broken: Command = {
      name: 'broken',
      summary: 'throws',
      usage: 'broken',
      options: {},
      run: () => Promise.reject(new TypeError('raw.toLowerCase is not a function')),
    };
    const plain = await cli(['broken'], [broken]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^FW099 error: internal error in 'formwork broken' \(run again with --debug for details\)\n\(this is a bug in Formwork: please report it/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(plain.stderr).not.toContain('toLowerCase');
    const debug = await cli(['--debug', 'broken'], [broken]);
    expect(debug.stderr).toContain('TypeError: raw.toLowerCase is not a function');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
