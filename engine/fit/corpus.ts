/**
 * Weighted sentence corpora for fitting the article's sequence models.
 *
 * Format: one sentence per line, optionally prefixed by a weight and whitespace:
 * `40 Check whether the battery ran down please`. No number → weight 1. A leading number is always read
 * as the weight, so a sentence that starts with a number needs an explicit weight (`1 3 dogs ran`).
 * Blank lines are skipped. Words come from the word tokenizer's split, lower-cased; punctuation marks are
 * words too.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { splitWords } from '../tokenizers/text-split.ts';

/** One weighted sentence. */
export interface CorpusLine {
  readonly weight: number;
  readonly words: readonly string[];
}

/** Bounds on corpora. */
export const LIMITS_CORPUS = {
  maxChars: 1_000_000,
  maxLines: 100_000,
  maxWeight: 1e12,
} as const;

/** Diagnostics listed before the rest are summarised. */
const MAX_REPORTED = 20;

const WEIGHT_RE = /^(\d+(?:\.\d+)?|\.\d+)(?:\s+|$)/;
const NEGATIVE_RE = /^[-−]\s*(\d+(?:\.\d+)?|\.\d+)(?:\s|$)/;

/** Lower-cased words of `text`, as the corpus parser splits them. */
export function toWords(text: string): string[] {
  return splitWords(text.toLowerCase()).map((w) => w.text);
}

/**
 * Parses a weighted corpus. FW060 (one per bad line, line numbers from 1) for: a negative, zero or
 * too large weight, a weight with no words after it; and for a corpus over `LIMITS_CORPUS` or with no
 * sentences at all.
 */
export function parseCorpus(text: string): Result<CorpusLine[]> {
  if (text.length > LIMITS_CORPUS.maxChars) {
    return fail([error('FW060', `corpus is ${text.length} characters; the limit is ${LIMITS_CORPUS.maxChars}`)]);
  }
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > LIMITS_CORPUS.maxLines) {
    return fail([error('FW060', `corpus has ${lines.length} lines; the limit is ${LIMITS_CORPUS.maxLines}`)]);
  }
  const out: CorpusLine[] = [];
  const problems: Diagnostic[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line.length === 0) return;
    const where = `line ${i + 1}`;
    if (NEGATIVE_RE.test(line)) {
      problems.push(error('FW060', `${where}: weights cannot be negative`, { hint: 'give a positive weight or none (weight 1)' }));
      return;
    }
    const m = WEIGHT_RE.exec(line);
    const weight = m ? Number(m[1]) : 1;
    const rest = m ? line.slice(m[0].length) : line;
    if (!(weight > 0) || weight > LIMITS_CORPUS.maxWeight) {
      problems.push(error('FW060', `${where}: weight ${m?.[1] ?? weight} must be above 0 and at most ${LIMITS_CORPUS.maxWeight}`));
      return;
    }
    const words = toWords(rest);
    if (words.length === 0) {
      problems.push(error('FW060', `${where}: weight ${m?.[1] ?? ''} is not followed by a sentence`));
      return;
    }
    out.push({ weight, words });
  });
  if (problems.length > MAX_REPORTED) {
    const more = problems.length - MAX_REPORTED;
    problems.length = MAX_REPORTED;
    problems.push(error('FW060', `and ${more} more bad line(s)`));
  }
  if (problems.length > 0) return fail(problems);
  if (out.length === 0) return fail([error('FW060', 'corpus has no sentences')]);
  return ok(out);
}
