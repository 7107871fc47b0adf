/**
 * Vocabulary sizes follow the tokenizer (issue 15 item 2): a block that takes ids from a tokenizer with
 * more tokens than its rows is an edit-time error on its vocab_size (the problems list asks the same
 * check as `formwork validate`); a new block's vocab_size defaults to the graph's tokenizer size; a
 * differing one elsewhere is a warning; the run refuses such a graph up front.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { emptyDocument, type GraphDocument } from '../../graph-schema/document.ts';
import { addNode, connect } from '../../graph-schema/edits.ts';
import { vocabularyDefaults, vocabularyWarnings } from '../../app/analysis/vocab-check.ts';
import { analyzeAndSummarize } from '../../app/analysis/summary.ts';
import { RunEngine } from '../../app/run/run-engine.ts';
import type { RunReply } from '../../app/run/protocol.ts';

const catalogue = standardCatalogue();

function graph(embedParams: Record<string, number>, tokensId = 'text', embedId = 'embed'): GraphDocument {
  let doc = emptyDocument('t');
  doc = addNode(doc, catalogue, null, 'TokenInput', { x: 0, y: 0 }, { id: tokensId }).doc;
  doc = addNode(doc, catalogue, null, 'Embedding', { x: 300, y: 0 }, { id: embedId, params: embedParams }).doc;
  const r = connect(doc, catalogue, { node: tokensId, port: 'ids' }, { node: embedId, port: 'ids' });
  if (!r.ok) throw new Error(r.reason);
  return r.doc;
}

describe('vocabulary check', () => {
  it('flags an Embedding with fewer rows than the default 95-character tokenizer, on its vocab_size', () => {
    const summary = analyzeAndSummarize(graph({ vocab_size: 64 }), catalogue);
    expect(summary.ok).toBe(false);
    const d = summary.diagnostics.find((x) => x.code === 'FW032' && x.severity === 'error');
    expect(d).toMatchObject({ node: 'embed', param: 'vocab_size' });
    expect(d!.message).toContain('95 tokens');
    expect(d!.hint).toContain('95');
  });

  it('accepts a vocabulary at least as large as the tokenizer', () => {
    expect(vocabularyWarnings(graph({ vocab_size: 95 }), catalogue)).toEqual([]);
    expect(analyzeAndSummarize(graph({ vocab_size: 95 }), catalogue).ok).toBe(true);
    const warned = vocabularyWarnings(graph({ vocab_size: 120 }), catalogue);
    expect(warned).toMatchObject([{ severity: 'warning', node: 'embed', param: 'vocab_size' }]);
  });

  it('defaults vocab_size of a new block to the tokenizer size', () => {
    expect(vocabularyDefaults(graph({ vocab_size: 95 }), catalogue, 'DeEmbedding')).toEqual({ vocab_size: 95 });
    expect(vocabularyDefaults(emptyDocument('e'), catalogue, 'Embedding')).toEqual({});
    expect(vocabularyDefaults(graph({ vocab_size: 95 }), catalogue, 'LayerNorm')).toEqual({});
  });

  it('works with ids such as __proto__ and constructor', () => {
    const d = analyzeAndSummarize(graph({ vocab_size: 10 }, '__proto__', 'constructor'), catalogue).diagnostics.find((x) => x.code === 'FW032');
    expect(d).toMatchObject({ node: 'constructor' });
    expect(d!.message).toContain("'__proto__'");
  });

  it('makes the run refuse the graph with the real cause instead of an out-of-range Gather', async () => {
    const replies: RunReply[] = [];
    const engine = new RunEngine(catalogue, (reply) => replies.push(reply));
    await engine.handle({ type: 'prepare', seq: 1, doc: graph({ vocab_size: 64 }), texts: { text: 'hello zebra' }, replay: 0 });
    const failed = replies.find((r) => r.type === 'failed');
    expect(failed).toMatchObject({ type: 'failed', stage: 'compile' });
    expect(failed?.type === 'failed' && failed.diagnostics[0]?.message).toContain('95 tokens');
  });
});
