/**
 * `npm run train-tour`: retrains tour steps 9–16 on the battery corpus and step 18 on a copy task (scripts/tour-copy.ts) with fixed settings and rewrites their
 * inline weights and the "Trained:" note of their description (see scripts/tour-training.ts).
 * Usage: node --import tsx scripts/train-tour.ts [step …]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compactJson } from './compact-json.ts';
import { COPY_STEP, trainCopyDoc } from './tour-copy.ts';
import { CORPUS, EXAMPLES, readTemplate, TRAINED_STEPS, tourPath, trainTourDoc } from './tour-training.ts';

const files = readdirSync(EXAMPLES);
const wanted = process.argv.slice(2).map(Number);
const corpusText = readFileSync(`${EXAMPLES}corpora/${CORPUS}`, 'utf8');
for (const step of TRAINED_STEPS.filter((s) => wanted.length === 0 || wanted.includes(s))) {
  const path = tourPath(step, files);
  const started = performance.now();
  const { doc, lossBefore, lossAfter } = trainTourDoc(readTemplate(path), corpusText);
  writeFileSync(path, compactJson(doc));
  console.log(`step ${step}: loss ${lossBefore.toFixed(4)} → ${lossAfter.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s) ${path.slice(EXAMPLES.length)}`);
}
if (wanted.length === 0 || wanted.includes(COPY_STEP)) {
  const path = tourPath(COPY_STEP, files);
  const started = performance.now();
  const { doc, lossBefore, lossAfter } = trainCopyDoc(readTemplate(path));
  writeFileSync(path, compactJson(doc));
  console.log(`step ${COPY_STEP} (copy task): held-out loss ${lossBefore.toFixed(4)} → ${lossAfter.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s) ${path.slice(EXAMPLES.length)}`);
}
