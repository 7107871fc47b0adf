/**
 * Checks a TokenizerSpec before it is turned into a tokenizer: schema limits, duplicate or empty entries,
 * a missing `unknown` token, per-kind vocabulary rules and BPE merges.
 */
import { error, warning, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import { TokenizerSpecSchema, type TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { BYTE_SPELLINGS, spellingToBytes } from './bytes.ts';
import { splitWords } from './text-split.ts';

/** At most this many diagnostics of one kind are listed; the rest are summarised. */
const MAX_LISTED = 10;

function quote(s: string): string {
  return JSON.stringify(s);
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

function isSingleCodePoint(s: string): boolean {
  const cp = s.codePointAt(0);
  return cp !== undefined && s.length === (cp > 0xffff ? 2 : 1);
}

/** What validation found: errors and warnings, plus the id of each vocabulary string. */
export interface SpecCheck {
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
  readonly index: Map<string, number>;
}

/** Validates `spec`; `errors` is empty when the spec can be used. */
export function checkSpec(spec: TokenizerSpec): SpecCheck {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const index = new Map<string, number>();

  const parsed = TokenizerSpecSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, MAX_LISTED)) {
      errors.push(error('FW060', `tokenizer spec: ${issue.message}`, { path: issue.path.map(String).join('.') }));
    }
    return { errors, warnings, index };
  }

  const duplicates: string[] = [];
  let empty = 0;
  spec.vocab.forEach((tok, id) => {
    if (tok.length === 0) empty++;
    const first = index.get(tok);
    if (first !== undefined) duplicates.push(`${quote(tok)} (ids ${first} and ${id})`);
    else index.set(tok, id);
  });
  if (empty > 0) errors.push(error('FW060', `vocabulary has ${empty} empty entr${empty === 1 ? 'y' : 'ies'}`));
  if (duplicates.length > 0) {
    errors.push(error('FW060', `vocabulary has duplicate entries: ${listed(duplicates)}`, { hint: 'each token string may appear once' }));
  }
  if (spec.unknown !== undefined && !index.has(spec.unknown)) {
    errors.push(error('FW060', `unknown token ${quote(spec.unknown)} is not in the vocabulary`, { hint: 'add it to the vocabulary' }));
  }
  if (spec.kind !== 'bpe' && spec.merges !== undefined && spec.merges.length > 0) {
    warnings.push(warning('FW060', `merges are ignored by a '${spec.kind}' tokenizer`));
  }

  if (spec.kind === 'char') checkChar(spec, errors);
  else if (spec.kind === 'word') checkWord(spec, warnings);
  else checkBpe(spec, index, errors);
  return { errors, warnings, index };
}

function checkChar(spec: TokenizerSpec, errors: Diagnostic[]): void {
  const bad = spec.vocab.filter((t) => t !== spec.unknown && t.length > 0 && !isSingleCodePoint(t));
  if (bad.length > 0) {
    errors.push(
      error('FW060', `a char vocabulary holds single characters, but has ${listed(bad.map(quote))}`, {
        hint: 'only the unknown token may be longer than one character',
      }),
    );
  }
}

function checkWord(spec: TokenizerSpec, warnings: Diagnostic[]): void {
  const unreachable = spec.vocab.filter((t) => {
    if (t === spec.unknown || t.length === 0) return false;
    const folded = spec.lowercase ? t.toLowerCase() : t;
    const words = splitWords(folded);
    return words.length !== 1 || words[0]?.text !== t;
  });
  if (unreachable.length > 0) {
    warnings.push(
      warning('FW060', `word vocabulary entries that text can never produce: ${listed(unreachable.map(quote))}`, {
        hint: spec.lowercase ? 'with lowercase on, entries must be lower case single words' : 'entries must be single words or punctuation marks',
      }),
    );
  }
}

function checkBpe(spec: TokenizerSpec, index: Map<string, number>, errors: Diagnostic[]): void {
  const missing = BYTE_SPELLINGS.filter((s) => !index.has(s));
  if (missing.length > 0) {
    errors.push(
      error('FW060', `BPE vocabulary lacks ${missing.length} of the 256 byte tokens: ${listed(missing.map(quote))}`, {
        hint: 'a byte-level BPE vocabulary must hold every byte so any text can be encoded',
      }),
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  (spec.merges ?? []).forEach(([a, b], i) => {
    for (const part of [a, b]) {
      if (!index.has(part)) problems.push(`merge ${i}: part ${quote(part)} is not in the vocabulary`);
      else if (spellingToBytes(part) === undefined) problems.push(`merge ${i}: part ${quote(part)} is not a byte token`);
    }
    if (!index.has(a + b)) problems.push(`merge ${i}: result ${quote(a + b)} is not in the vocabulary`);
    const key = JSON.stringify([a, b]);
    if (seen.has(key)) problems.push(`merge ${i}: ${quote(a)} + ${quote(b)} is listed twice`);
    seen.add(key);
  });
  if (problems.length > 0) errors.push(error('FW060', `bad BPE merges: ${listed(problems)}`));
}
