/**
 * Long parity soak: N seeded random graphs (tests/random-graphs/generator.ts), each compiled, exported once
 * (debug), checked for a deterministic export, and compared block by block between the CPU backend and
 * onnxruntime-web / onnxruntime-node. Failures print the seed and the first diverging block; exit status 1
 * if any graph fails.
 *
 *   node --import tsx scripts/soak-parity.ts [--count 2000] [--start 0] [--runtime web,node] [--tolerance 1e-4] [--save DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import { formatDiagnostic } from '../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../graph-schema/document.ts';
import { serializeDocument } from '../graph-schema/parse.ts';
import { compile } from '../engine/compile/compile.ts';
import { exportOnnx } from '../engine/onnx/export.ts';
import type { OrtRuntime } from '../engine/onnx/ort-run.ts';
import { DEFAULT_PARITY_TOLERANCE, formatParityReport, tryCompareBackends } from '../engine/onnx/parity.ts';
import { randomGraph, randomGraphCatalogue } from '../tests/random-graphs/generator.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    start: { type: 'string', default: '0' },
    runtime: { type: 'string', default: 'web,node' },
    tolerance: { type: 'string', default: String(DEFAULT_PARITY_TOLERANCE) },
    save: { type: 'string' },
  },
});
const count = Number(values.count);
const start = Number(values.start);
const tolerance = Number(values.tolerance);
const runtimes = values.runtime.split(',').map((r) => r.trim()) as OrtRuntime[];
if (![count, start].every((n) => Number.isInteger(n) && n >= 0) || !(tolerance > 0) || runtimes.some((r) => r !== 'web' && r !== 'node')) {
  process.stderr.write('usage: soak-parity.ts [--count N] [--start SEED] [--runtime web,node] [--tolerance T] [--save DIR]\n');
  process.exit(2);
}

ort.env.wasm.numThreads = 1; // small models: one wasm thread is fastest; must precede the first session
const catalogue = randomGraphCatalogue();
const worst = new Map<OrtRuntime, { diff: number; seed: number }>(runtimes.map((r) => [r, { diff: 0, seed: -1 }]));
const failures: number[] = [];
const began = performance.now();

function failed(seed: number, message: string, doc?: GraphDocument): void {
  failures.push(seed);
  process.stdout.write(`FAIL seed ${seed}: ${message}\n`);
  if (values.save !== undefined && doc !== undefined) {
    mkdirSync(values.save, { recursive: true });
    writeFileSync(join(values.save, `seed-${seed}.formwork.json`), serializeDocument(doc));
  }
}

for (let seed = start; seed < start + count; seed++) {
  const graph = randomGraph(seed);
  const compiled = compile(graph.doc, catalogue);
  if (!compiled.ok) {
    failed(seed, `does not compile:\n${compiled.diagnostics.map(formatDiagnostic).join('\n')}`, graph.doc);
    continue;
  }
  const model = exportOnnx(compiled.value.plan, { debug: true });
  const again = compile(randomGraph(seed).doc, catalogue);
  if (!again.ok || !Buffer.from(exportOnnx(again.value.plan, { debug: true })).equals(model)) {
    failed(seed, 'exporting the same graph twice gave different bytes', graph.doc);
  }
  for (const runtime of runtimes) {
    const report = await tryCompareBackends(compiled.value, graph.feeds, { runtime, model, tolerance });
    if (!report.ok) {
      failed(seed, report.diagnostics.map(formatDiagnostic).join('\n'), graph.doc);
      continue;
    }
    const w = worst.get(runtime)!;
    if (report.value.maxAbsDiff > w.diff) worst.set(runtime, { diff: report.value.maxAbsDiff, seed });
    if (report.value.firstOverTolerance) failed(seed, formatParityReport(report.value), graph.doc);
  }
  const done = seed - start + 1;
  if (done % 100 === 0 || done === count) {
    const secs = (performance.now() - began) / 1000;
    process.stdout.write(`${done}/${count} graphs, ${failures.length} failing, ${secs.toFixed(1)} s\n`);
  }
}

for (const [runtime, { diff, seed }] of worst) {
  process.stdout.write(`onnxruntime-${runtime}: worst max |Δ| ${diff.toExponential(2)}${seed >= 0 ? ` (seed ${seed})` : ''}\n`);
}
process.stdout.write(`${count - new Set(failures).size} passed, ${new Set(failures).size} failed (tolerance ${tolerance})\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
