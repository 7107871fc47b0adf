/**
 * `run --trace DIR --names transformerlens`: tiny-gpt's trace gets every HookedTransformer hook name a
 * viewer reads, in TransformerLens layouts; with the PyTorch fixture weights each hook equals the same
 * hook computed independently in torch (tests/trace/transformerlens_torch.py, when python3-torch is
 * installed); graphs without a GPT shape get a warning and Formwork names only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', `${name}.formwork.json`);

function formwork(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A float32 .npy file: shape and values. */
function readNpy(path: string): { shape: number[]; data: Float32Array } {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  expect(header).toMatch(/'descr': '<f4'/);
  const shape = (header.match(/'shape': \(([^)]*)\)/)![1]!.match(/\d+/g) ?? []).map(Number);
  const body = bytes.subarray(10 + headerLength);
  return { shape, data: new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)) };
}

const HOOKS = ['hook_embed', 'hook_pos_embed'].concat(
  ...[0, 1].map((i) =>
    ['hook_resid_pre', 'attn.hook_q', 'attn.hook_k', 'attn.hook_v', 'attn.hook_attn_scores', 'attn.hook_pattern', 'attn.hook_z', 'hook_attn_out', 'hook_resid_mid', 'mlp.hook_post', 'hook_mlp_out', 'hook_resid_post'].map((h) => `blocks.${i}.${h}`),
  ),
);

function hasTorch(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('run --trace --names transformerlens', () => {
  it('writes every hook of a GPT, in TransformerLens layouts, consistent with the Formwork trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-tl-'));
    const r = formwork('run', example('tiny-gpt'), '--text', 'hello there', '--trace', dir, '--names', 'transformerlens');
    expect(r.code, r.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(dir, 'transformerlens.json'), 'utf8'));
    expect(Object.keys(index).sort()).toEqual([...HOOKS].sort());
    for (const h of HOOKS) expect(existsSync(join(dir, `${h}.npy`)), h).toBe(true);
    const T = 11;
    const q = readNpy(join(dir, 'blocks.0.attn.hook_q.npy'));
    const ours = readNpy(join(dir, 'layers.0.attn.q.npy')); // Formwork's own layout [B, h, T, d]
    expect(q.shape).toEqual([1, T, 4, 8]);
    for (let t = 0; t < T; t++) for (let h = 0; h < 4; h++) for (let d = 0; d < 8; d++) expect(q.data[(t * 4 + h) * 8 + d]).toBe(ours.data[(h * T + t) * 8 + d]);
    const pattern = readNpy(join(dir, 'blocks.1.attn.hook_pattern.npy'));
    expect(pattern.shape).toEqual([1, 4, T, T]);
    for (let row = 0; row < 4 * T; row++) {
      const values = pattern.data.subarray(row * T, row * T + T);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      for (let k = (row % T) + 1; k < T; k++) expect(values[k]).toBe(0); // causal
    }
    expect(readNpy(join(dir, 'blocks.1.hook_resid_pre.npy')).data).toEqual(readNpy(join(dir, 'blocks.0.hook_resid_post.npy')).data);
    const pre = readNpy(join(dir, 'blocks.0.hook_resid_pre.npy')).data;
    const embed = readNpy(join(dir, 'hook_embed.npy')).data;
    const pos = readNpy(join(dir, 'hook_pos_embed.npy')).data;
    pre.forEach((v, i) => expect(v).toBeCloseTo(embed[i]! + pos[i]!, 5));
    // Formwork's own files are still there.
    expect(readdirSync(dir)).toContain('index.json');
  });

  it.runIf(hasTorch())('equals the hooks computed independently in PyTorch with the fixture weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-tl-'));
    copyFileSync(join(root, 'tests/golden/tiny-gpt.weights.safetensors'), join(dir, 'w.safetensors'));
    const doc = JSON.parse(readFileSync(example('tiny-gpt'), 'utf8'));
    writeFileSync(join(dir, 'g.formwork.json'), JSON.stringify({ ...doc, weightsFile: 'w.safetensors' }));
    const ids = [9, 6, 13, 13, 16, 0, 24, 16, 19, 13, 5, 38];
    const r = formwork('run', join(dir, 'g.formwork.json'), '--ids', ids.join(','), '--trace', join(dir, 'trace'), '--names', 'transformerlens');
    expect(r.code, r.stderr).toBe(0);
    const torch = JSON.parse(execFileSync('/usr/bin/python3', [join(root, 'tests/trace/transformerlens_torch.py'), join(dir, 'w.safetensors'), ids.join(',')], { maxBuffer: 1 << 26 }).toString());
    expect(Object.keys(torch).sort()).toEqual([...HOOKS].sort());
    let worst = 0;
    for (const hook of HOOKS) {
      const ours = readNpy(join(dir, 'trace', `${hook}.npy`));
      expect(ours.shape, hook).toEqual(torch[hook].shape);
      torch[hook].data.forEach((v: number | null, i: number) => {
        if (v === null) return expect(ours.data[i]!, hook).toBeLessThan(-1e4); // a masked score (−∞ in torch)
        worst = Math.max(worst, Math.abs(v - ours.data[i]!));
      });
    }
    expect(worst).toBeLessThan(1e-4);
    console.log(`transformerlens hooks vs PyTorch: max |Δ| ${worst.toExponential(2)} over ${HOOKS.length} hooks`);
  });

  it('a graph without a GPT shape gets a warning and Formwork names only; --names needs --trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-tl-'));
    const r = formwork('run', example('encoder-decoder'), '--text', 'hello', '--trace', dir, '--names', 'transformerlens');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/FW051 warning: --names transformerlens: found 2 layer stacks with attention/);
    expect(existsSync(join(dir, 'transformerlens.json'))).toBe(false);
    expect(existsSync(join(dir, 'index.json'))).toBe(true);
    expect(formwork('run', example('tiny-gpt'), '--text', 'hi', '--names', 'transformerlens').code).toBe(2);
    expect(formwork('run', example('tiny-gpt'), '--text', 'hi', '--trace', dir, '--names', 'hf').code).toBe(2);
  });
});
