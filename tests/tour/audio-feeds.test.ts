/**
 * feedsFromWav: every audio input gets [1, T, n_mels] log-mel frames computed with its own node's
 * params; malformed or missing WAV files are FW061 diagnostics naming the input.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { encodeWav, frameCount, logMelFromWav } from '../../engine/audio/index.ts';
import { audioFrontendsOf, feedsFromWav } from '../../engine/run/audio-feeds.ts';
import { compile } from '../../engine/compile/compile.ts';
import { edge, graph, node } from '../blocks/helpers.ts';
import { unwrap } from '../examples/helpers.ts';

const sine = (samples: number, rate: number, hz = 440): Uint8Array =>
  encodeWav(Array.from({ length: samples }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate)), rate);

/** Two audio inputs with different frontends, each into its own output. */
function twoInputs(): GraphDocument {
  return graph(
    [
      node('mic', 'AudioFrames', { n_mels: 40, hop: 320, window: 512 }),
      node('line', 'AudioFrames', { n_mels: 20, hop: 160, window: 256, sample_rate: 8000 }),
      node('a', 'Output'),
      node('b', 'Output'),
    ],
    [edge('mic', 'frames', 'a', 'x'), edge('line', 'frames', 'b', 'x')],
  );
}

function frontends(doc: GraphDocument) {
  const compiled = unwrap(compile(doc, standardCatalogue()));
  return unwrap(audioFrontendsOf(compiled.plan, compiled.analysis));
}

describe('audioFrontendsOf / feedsFromWav', () => {
  it('reads each audio input\'s params', () => {
    expect(Object.fromEntries(frontends(twoInputs()))).toEqual({
      mic: { sampleRate: 16_000, windowSize: 512, hop: 320, nMels: 40 },
      line: { sampleRate: 8000, windowSize: 256, hop: 160, nMels: 20 },
    });
  });

  it('gives [1, T, n_mels] per input, equal to logMelFromWav of the same bytes', () => {
    const wav = sine(8000, 16_000);
    const feeds = unwrap(feedsFromWav(frontends(twoInputs()), {}, wav));
    expect([...feeds.mic!.shape]).toEqual([1, frameCount(8000, 512, 320), 40]);
    expect([...feeds.line!.shape]).toEqual([1, frameCount(4000, 256, 160), 20]); // resampled to 8 kHz first
    const direct = unwrap(logMelFromWav(wav, { sampleRate: 16_000, windowSize: 512, hop: 320, nMels: 40 }));
    expect(Array.from(feeds.mic!.data)).toEqual(Array.from(direct.data));
  });

  it('takes a named file over the fallback', () => {
    const feeds = unwrap(feedsFromWav(frontends(twoInputs()), { line: sine(800, 8000) }, sine(8000, 16_000)));
    expect(feeds.line!.shape[1]).toBe(frameCount(800, 256, 160));
    expect(feeds.mic!.shape[1]).toBe(frameCount(8000, 512, 320));
  });

  it('reports a malformed or missing WAV as FW061 on the input', () => {
    const bad = feedsFromWav(frontends(twoInputs()), { mic: new TextEncoder().encode('RIFF....WAVEnope') });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.diagnostics.map((d) => [d.code, d.node])).toEqual([
      ['FW061', 'mic'],
      ['FW061', 'line'],
    ]);
    expect(bad.diagnostics[1]!.message).toMatch(/no WAV file given for audio input 'line'/);
  });

  it('has nothing to do for a graph without audio inputs', () => {
    const text = graph([node('words', 'TokenInput'), node('out', 'Output')], [edge('words', 'ids', 'out', 'x')]);
    expect(frontends(text).size).toBe(0);
    expect(unwrap(feedsFromWav(frontends(text), {}))).toEqual({});
  });
});
