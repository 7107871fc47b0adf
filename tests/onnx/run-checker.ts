/**
 * Runs tests/onnx/check_model.py (onnx.checker.check_model with full_check) over models in one Python process.
 * Throws, saying how to install it, when Debian's python3-onnx is missing: these tests are never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./check_model.py', import.meta.url));

/** The checker's verdict on one model: '' when it passed, else the checker's error. */
export type CheckerVerdicts = Map<string, string>;

/** Checks every `[label, bytes]` model; returns the verdict per label. */
export function runChecker(models: readonly (readonly [string, Uint8Array])[]): CheckerVerdicts {
  const probe = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`python3-onnx is missing (${PYTHON} -c "import onnx" failed): run \`apt-get install python3-onnx\`\n${probe.stderr ?? ''}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'formwork-onnx-check-'));
  try {
    const paths = models.map(([, bytes], i) => {
      const path = join(dir, `model-${i}.onnx`);
      writeFileSync(path, bytes);
      return path;
    });
    let stdout: string;
    try {
      stdout = execFileSync(PYTHON, [SCRIPT, ...paths], { encoding: 'utf8' });
    } catch (error) {
      // Exit status 1 means some model failed; the per-model lines are still on stdout.
      const failed = error as { stdout?: string; status?: number };
      if (failed.status !== 1 || failed.stdout === undefined) throw error;
      stdout = failed.stdout;
    }
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { ok: boolean; error?: string });
    return new Map(lines.map((result, i) => [models[i]![0], result.ok ? '' : (result.error ?? 'failed')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
