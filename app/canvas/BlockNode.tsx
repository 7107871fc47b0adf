/**
 * The one node component: draws any block (or subgraph instance) from its NodeView — header
 * coloured by category, one row per port with its handle and inferred shape, key params, problems.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from './flow-model.ts';
import type { PortView } from './node-view.ts';
import { formatCount } from '../components/format.ts';
import { useEditor } from '../store/use-editor.ts';
import { useRunMark } from '../run/canvas-hooks.ts';

function portTitle(p: PortView, side: 'input' | 'output'): string {
  const lines = [`${side} ${p.name}: ${p.dtype} ${p.shape}${p.inferred ? '' : ' (declared)'}`, p.doc];
  if (p.optional) lines.push('optional');
  if (p.problem) lines.push(`⚠ ${p.problem}`);
  return lines.join('\n');
}

function PortRow({ port, side }: { port: PortView; side: 'input' | 'output' }) {
  const cls = `fw-port fw-port-${side}${port.problem ? ' has-problem' : ''}${port.optional ? ' is-optional' : ''}`;
  return (
    <div className={cls} title={portTitle(port, side)} data-port={port.name}>
      <Handle
        type={side === 'input' ? 'target' : 'source'}
        position={side === 'input' ? Position.Left : Position.Right}
        id={port.name}
        className={`fw-handle fw-dtype-${port.dtype}`}
        aria-label={`${side} ${port.name}`}
      />
      <span className="fw-port-name">{port.name}</span>
      <span className={`fw-port-shape${port.inferred ? '' : ' is-declared'}`}>{port.shape}</span>
    </div>
  );
}

/** Renders any node of the graph. `nodeTypes` maps every node to this component. */
export const BlockNode = memo(function BlockNode({ data, selected }: NodeProps<FlowNode>) {
  const v = data.view;
  const mark = useEditor((s) => s.ui.marks[s.ui.openPath.length ? `${s.ui.openPath[s.ui.openPath.length - 1]}/${v.id}` : v.id]);
  const run = useRunMark(v.id);
  const rows = Math.max(v.inputs.length, v.outputs.length);
  const hasProblem = v.problems.length > 0 || v.unknownBlock;
  const cls = ['fw-node', `fw-cat-${v.category}`, selected ? 'is-selected' : '', hasProblem ? 'has-problem' : '', v.innerProblems > 0 ? 'has-inner-problem' : '', v.subgraph ? 'is-instance' : '', mark ? `is-marked-${mark}` : '', run === 'done' ? 'is-run-done' : run ? 'is-run-current' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} data-node-id={v.id} aria-label={`${v.title} ${v.id}`}>
      <div className="fw-node-header">
        <span className="fw-node-title">{v.title}</span>
        {v.subgraph && v.repeat > 1 && <span className="fw-node-repeat" title={`applied ${v.repeat} times`}>×{v.repeat}</span>}
        <span className="fw-node-id">{v.id}</span>
      </div>
      {run.startsWith('current:') && run.slice(8) !== v.id && <div className="fw-run-path">▶ {run.slice(8)}</div>}
      <div className="fw-node-ports">
        {Array.from({ length: rows }, (_, i) => (
          <div className="fw-port-row" key={i}>
            <div className="fw-port-cell">{v.inputs[i] && <PortRow port={v.inputs[i]} side="input" />}</div>
            <div className="fw-port-cell">{v.outputs[i] && <PortRow port={v.outputs[i]} side="output" />}</div>
          </div>
        ))}
      </div>
      {(v.params.length > 0 || v.parameters !== null || v.subgraph) && (
        <div className="fw-node-footer">
          {v.params.map((p) => (
            <span className="fw-chip" key={p.name}>
              <span className="fw-chip-key">{p.name}</span> {p.value}
            </span>
          ))}
          {v.parameters !== null && (
            <span className="fw-chip fw-chip-weights" title={`${v.parameters.toLocaleString()} learned parameters`}>
              {formatCount(v.parameters)} weights
            </span>
          )}
          {v.subgraph && <span className="fw-chip fw-chip-hint">double-click to open</span>}
        </div>
      )}
      {hasProblem && (
        <div className="fw-node-problem" role="alert">
          {v.unknownBlock ? 'Unknown block' : v.problems[0]}
          {v.problems.length > 1 && <span className="fw-more"> (+{v.problems.length - 1} more)</span>}
        </div>
      )}
      {!hasProblem && v.innerProblems > 0 && (
        <div className="fw-node-problem is-inner">
          {v.innerProblems} problem{v.innerProblems > 1 ? 's' : ''} inside
        </div>
      )}
    </div>
  );
});
