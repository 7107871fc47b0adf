/**
 * Share links: the whole graph file, deflated and base64url-encoded into the URL fragment
 * (`…#g=<payload>`), so opening the link needs no server and the fragment is never sent to one.
 * The payload is the document's saved text, so a link round-trips byte for byte. A document whose
 * link would be too long is shared without its explicit weights (the notice says which); one that is
 * too long even then is refused with a hint to share the file instead.
 */
import { deflateSync, strFromU8, strToU8 } from 'fflate';
import { error, fail, ok, warning, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import { parseDocument, serializeDocument } from '../../graph-schema/parse.ts';
import { decodeBase64Url, encodeBase64Url } from './base64url.ts';
import { boundedInflate } from './bounded-inflate.ts';

/** The fragment prefix of a share link. */
export const SHARE_FRAGMENT_PREFIX = '#g=';

/** The longest fragment a link may have by default (long URLs break in chat apps and mail). */
export const DEFAULT_MAX_FRAGMENT_CHARS = 128_000; // every example fits (the trained encoder–decoder needs 83,000)

/** Graph file text → the share payload (deflate-raw, base64url). */
export function encodeSharePayload(text: string): string {
  return encodeBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/** A share payload → the graph file text it carries; bad or oversized payloads give FW080. */
export function decodeSharePayload(payload: string, maxBytes: number = LIMITS.maxFileBytes): Result<string> {
  if (payload.length > (maxBytes / 3) * 4 + 4)
    return fail([error('FW080', `the share link is ${payload.length} characters long, more than a graph file may be`, { hint: 'ask for the graph file instead' })]);
  const bytes = decodeBase64Url(payload);
  if (!bytes) return fail([error('FW080', 'the share link is damaged: it holds characters that are not base64url', { hint: 'copy the whole link again' })]);
  const inflated = boundedInflate(bytes, maxBytes);
  if (!inflated.ok) {
    const why = inflated.failure.reason === 'too-large' ? `it unpacks to more than ${inflated.failure.limit} bytes` : `it does not unpack (${inflated.failure.detail})`;
    return fail([error('FW080', `the share link is damaged: ${why}`, { hint: 'copy the whole link again, or ask for the graph file' })]);
  }
  return ok(strFromU8(inflated.bytes));
}

/** A share link for a document, and what it leaves out. */
export interface ShareLink {
  /** `base` with the fragment `#g=…` (any earlier fragment replaced). */
  readonly url: string;
  /** Explicit weights not in the link (their values come from the seed when the link is opened). */
  readonly omittedWeights: readonly string[];
  /** Notices for the user: weights left out, a weights file the link cannot carry. */
  readonly warnings: readonly Diagnostic[];
}

/** Options of `createShareLink`. */
export interface ShareLinkOptions {
  readonly maxFragmentChars?: number;
}

/**
 * Builds the share link of `doc` on `base` (the editor's URL). When the link with weights would be
 * longer than `maxFragmentChars`, the explicit weights are left out and listed; when it is too long even
 * without them, FW080 says to share the file.
 */
export function createShareLink(doc: GraphDocument, base: string, options: ShareLinkOptions = {}): Result<ShareLink> {
  const max = options.maxFragmentChars ?? DEFAULT_MAX_FRAGMENT_CHARS;
  const root = base.replace(/#.*$/s, '');
  const warnings: Diagnostic[] = [];
  if (doc.weightsFile !== undefined)
    warnings.push(warning('FW080', `the weights file '${doc.weightsFile}' is not in the link`, { path: 'weightsFile', hint: 'send the .safetensors file along, or share the graph file' }));
  const full = SHARE_FRAGMENT_PREFIX + encodeSharePayload(serializeDocument(doc));
  if (full.length <= max) return ok({ url: root + full, omittedWeights: [], warnings }, warnings);

  const names = Object.keys(doc.weights ?? {});
  const tooLong = (n: number) => error('FW080', `the graph needs a ${n}-character link; the limit is ${max}`, { hint: 'share the graph file instead (Save)' });
  if (names.length === 0) return fail([tooLong(full.length)]);
  const { weights: _dropped, ...withoutWeights } = doc;
  const light = SHARE_FRAGMENT_PREFIX + encodeSharePayload(serializeDocument(withoutWeights));
  if (light.length > max) return fail([tooLong(light.length)]);
  warnings.push(
    warning('FW080', `${names.length} hand-set weight tensor(s) left out of the link (it would be ${full.length} characters); whoever opens it gets weights drawn from the seed`, {
      path: 'weights',
      hint: 'share the graph file to keep the weights',
    }),
  );
  return ok({ url: root + light, omittedWeights: names.sort(), warnings }, warnings);
}

/** The payload of a share fragment (`#g=…`), or null when the fragment is not a share link. */
export function sharePayloadOf(fragment: string): string | null {
  return fragment.startsWith(SHARE_FRAGMENT_PREFIX) ? fragment.slice(SHARE_FRAGMENT_PREFIX.length) : null;
}

/** The document in a share fragment, validated like any opened file; null when the fragment is not a share link. */
export function documentFromShareFragment(fragment: string): Result<GraphDocument> | null {
  const payload = sharePayloadOf(fragment);
  if (payload === null) return null;
  const text = decodeSharePayload(payload);
  return text.ok ? parseDocument(text.value) : fail(text.diagnostics);
}
