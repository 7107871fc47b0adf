/** Messages between the editor and the Compare worker. */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { ParityReport } from '../../engine/onnx/parity.ts';

/** Where onnxruntime-web runs. */
export type CompareDevice = 'wasm' | 'webgpu';

/** What the worker's onnxruntime got. */
export interface OrtInfo {
  /** `ort.env.wasm.numThreads` (after the first session, what ORT settled on). */
  readonly numThreads: number;
  readonly crossOriginIsolated: boolean;
  /** `navigator.gpu` exists in the worker. */
  readonly webgpu: boolean;
  /** A session has been created, so `numThreads` is final. */
  readonly initialised: boolean;
}

export interface CompareRequest {
  readonly id: number;
  readonly doc: GraphDocument;
  readonly text: string;
  readonly device: CompareDevice;
  /** max |Δ| allowed per tensor (default 1e-4). */
  readonly tolerance?: number;
  readonly infoOnly?: boolean;
}

export type CompareReply =
  | { readonly id: number; readonly phase: string }
  | { readonly id: number; readonly info: OrtInfo }
  | { readonly id: number; readonly diagnostics: readonly Diagnostic[]; readonly info: OrtInfo }
  | { readonly id: number; readonly report: ParityReport; readonly device: CompareDevice; readonly ms: number; readonly info: OrtInfo };
