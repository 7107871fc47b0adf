/**
 * Text out of generated tokens, as it grows, never with half a character in it. A byte-level BPE token can
 * end in the middle of a UTF-8 sequence (an emoji split over two tokens); decoding it alone gives U+FFFD.
 * The stream decodes prompt + generated ids together, subtracts the prompt's text (so word spacing comes out
 * right), and holds back a trailing incomplete sequence until a later token completes it.
 */
import type { Tokenizer } from './types.ts';

/** Incremental decoding of generated ids after a prompt. */
export class DecodeStream {
  private readonly ids: number[];
  private readonly promptText: string;
  private emitted = '';

  constructor(
    private readonly tokenizer: Tokenizer,
    prompt: readonly number[],
  ) {
    this.ids = [...prompt];
    this.promptText = tokenizer.decode(prompt);
  }

  /** Everything generated so far, a trailing incomplete character included (as U+FFFD). */
  get text(): string {
    const full = this.tokenizer.decode(this.ids);
    return full.startsWith(this.promptText) ? full.slice(this.promptText.length) : full;
  }

  /** Adds a generated id; returns the text it completes ('' while a character is still incomplete). */
  push(id: number): string {
    this.ids.push(id);
    const stable = this.text.replace(/\uFFFD$/, ''); // half of a UTF-8 character: wait for the rest
    if (!stable.startsWith(this.emitted)) return '';
    const fresh = stable.slice(this.emitted.length);
    this.emitted = stable;
    return fresh;
  }

  /** At the end: whatever is left (an incomplete character shows as U+FFFD only now). */
  flush(): string {
    const rest = this.text;
    if (!rest.startsWith(this.emitted)) return '';
    const fresh = rest.slice(this.emitted.length);
    this.emitted = rest;
    return fresh;
  }
}
