/**
 * `formwork run` computes on the fast plan by default and on the reference plan with `--reference` (or
 * `--trace`): the printed outputs agree within 1e-5, and a run-time error from the fast plan is the same
 * coded diagnostic, not a crash.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', `${name}.formwork.json`);

function formwork(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Outputs = Record<string, { shape: number[]; data: number[] }>;

describe('formwork run: fast plan vs --reference', () => {
  it.each(['tiny-gpt', 'encoder-decoder'])('%s: the same outputs within 1e-5', (name) => {
    const fast = formwork('run', example(name), '--text', 'the cat', '--json');
    const reference = formwork('run', example(name), '--text', 'the cat', '--json', '--reference');
    expect(fast.code, fast.stderr).toBe(0);
    expect(reference.code, reference.stderr).toBe(0);
    const f = (JSON.parse(fast.stdout) as { outputs: Outputs }).outputs;
    const r = (JSON.parse(reference.stdout) as { outputs: Outputs }).outputs;
    expect(Object.keys(f)).toEqual(Object.keys(r));
    for (const [output, t] of Object.entries(r)) {
      expect(f[output]!.shape).toEqual(t.shape);
      const diff = Math.max(...t.data.map((v, i) => Math.abs(v - f[output]!.data[i]!)));
      expect(diff, output).toBeLessThanOrEqual(1e-5);
    }
  });

  it('a sequence longer than the positional table is FW051 on the fast plan too', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i % 4).join(',');
    const r = formwork('run', example('tiny-gpt'), '--ids', ids);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FW051 error node '[^']+'/);
  });
});
