/**
 * Issue 13, classes 5 and 6: a weights file must really lie in the graph's folder (no symlink out of
 * it), messages never echo a file's bytes, and control characters from a file are escaped in all
 * output, so a file cannot clear the screen or retitle the terminal.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../engine/cli/terminal.ts';
import { cli, example, scratch, writeGraph } from './helpers.ts';

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('weights files stay in the graph folder', () => {
  it('a symlink to a file outside the folder is refused (FW040), without quoting its bytes', async () => {
    const dir = scratch();
    const secret = join(scratch(), 'secret.txt');
    writeFileSync(secret, 'root:x:0:0:SECRET-BYTES\n'.repeat(4));
    symlinkSync(secret, join(dir, 'w.safetensors'));
    const file = writeGraph(dir, { ...example('tour-09-embeddings'), weightsFile: 'w.safetensors' });
    for (const argv of [['validate', file], ['run', file, '--text', 'the']]) {
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^FW040 error at weightsFile: the weights file w\.safetensors leads outside the graph's folder/);
      expect(r.stderr + r.stdout).not.toMatch(/root|SECRET|1953460082|header length/);
    }
  });

  it('a symlink within the folder is followed; a non-safetensors file gives FW040 without its bytes', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'real.safetensors'), 'root:x:0:0:SECRET-BYTES\n');
    symlinkSync(join(dir, 'sub', 'real.safetensors'), join(dir, 'w.safetensors'));
    const file = writeGraph(dir, { ...example('tour-09-embeddings'), weightsFile: 'w.safetensors' });
    const r = await cli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW040 error at weightsFile: weights file: the header is larger than/);
    expect(r.stderr).not.toMatch(/root|SECRET|\d{9,}/);
  });
});

describe('control characters from files are escaped', () => {
  it('block names and node ids with ESC/OSC/C1 sequences are printed escaped', async () => {
    const doc = example('tour-09-embeddings');
    doc.nodes[1]!.block = '\u001b[2J\u001b]0;pwned\u0007\u009b31m';
    const r = await cli(['validate', writeGraph(scratch(), doc)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('invalid JSON with control bytes gives FW001 with the bytes escaped', async () => {
    const r = await cli(['validate', writeGraph(scratch(), '{"format": \u001b[2J\u001b]0;title\u0007}')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW001 error/);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('escapeControl keeps newlines and tabs and escapes C0, DEL, C1 and bidi overrides', () => {
    expect(escapeControl('a\tb\nc')).toBe('a\tb\nc');
    expect(escapeControl('\u0000\u001b\u007f\u0085\u202e')).toBe('\\u0000\\u001b\\u007f\\u0085\\u202e');
  });
});
