/**
 * The inspector: for the selected node, its id (rename), parameters (generated from the block's
 * ParamSpecs), ports with inferred shapes, problems and documentation; for a subgraph instance its
 * repeat count; with nothing selected, the graph and how to get started.
 */
import { own } from '../../graph-schema/own.ts';
import type { AnyParamValue } from '../../graph-schema/params.ts';
import { defaultParams } from '../../graph-schema/params.ts';
import { getBody, instancesOf } from '../../graph-schema/edits.ts';
import { scopeKey } from '../analysis/summary.ts';
import { problemsByNode } from '../canvas/flow-model.ts';
import { nodeView } from '../canvas/node-view.ts';
import { useCommands } from '../commands-context.ts';
import { currentScope } from '../store/scope.ts';
import type { EditorState } from '../store/types.ts';
import { useEditor, useEditorStore } from '../store/use-editor.ts';
import { RenameField, RepeatField } from './InspectorFields.tsx';
import { ParamField } from './ParamField.tsx';
import { formatCount } from './format.ts';

const selectedNode = (s: EditorState) => {
  if (s.ui.selection.nodes.length !== 1) return undefined;
  return getBody(s.doc, currentScope(s.ui)).nodes.find((n) => n.id === s.ui.selection.nodes[0]);
};

function NodeInspector() {
  const node = useEditor(selectedNode)!;
  const doc = useEditor((s) => s.doc);
  const catalogue = useEditor((s) => s.catalogue);
  const scope = useEditor((s) => currentScope(s.ui));
  const analysis = useEditor((s) => s.analysis);
  const store = useEditorStore();
  const actions = store.getState();
  const commands = useCommands();
  const block = node.block !== undefined ? catalogue.get(node.block) : undefined;
  const { direct } = problemsByNode(analysis?.diagnostics ?? [], scope);
  const problems = direct.get(node.id) ?? [];
  const view = nodeView(node, doc, catalogue, own(own(analysis?.bodies, scopeKey(scope)), node.id), problems, 0);
  const values = block ? { ...defaultParams(block.params), ...(node.params as Record<string, AnyParamValue> | undefined) } : {};
  const sg = node.subgraph !== undefined ? doc.subgraphs?.[node.subgraph] : undefined;

  return (
    <div className="fw-inspector-body">
      <div className={`fw-inspector-title fw-cat-${view.category}`}>
        <span className="fw-swatch" />
        <h2>{view.title}</h2>
        <span className="fw-chip">{view.category}</span>
      </div>
      <RenameField key={`${scope}/${node.id}`} id={node.id} label="Node id" focusOnRequest onRename={(next) => actions.renameNode(node.id, next)} />
      {node.subgraph !== undefined && (
        <>
          <RenameField key={`sg/${node.subgraph}`} id={node.subgraph} label="Subgraph name" onRename={(next) => actions.renameSubgraph(node.subgraph!, next)} />
          <RepeatField value={node.repeat ?? 1} onChange={(n) => actions.setRepeat(node.id, n)} />
          <button type="button" className="fw-button" aria-label="Open subgraph" onClick={() => actions.openSubgraph(node.subgraph!)}>
            Open subgraph ({sg?.nodes.length ?? 0} nodes)
          </button>
        </>
      )}
      {block && Object.keys(block.params).length > 0 && (
        <section className="fw-section" aria-label="Parameters">
          <h3>Parameters</h3>
          {Object.entries(block.params).map(([name, spec]) => (
            <ParamField
              key={`${node.id}/${name}`}
              name={name}
              spec={spec}
              value={values[name] ?? spec.default}
              explicit={node.params?.[name] !== undefined}
              problem={problems.find((d) => d.param === name)?.message ?? null}
              onChange={(v) => actions.setParam(node.id, name, v)}
            />
          ))}
        </section>
      )}
      <section className="fw-section" aria-label="Ports">
        <h3>Ports</h3>
        <table className="fw-ports-table">
          <tbody>
            {view.inputs.map((p) => (
              <tr key={`in-${p.name}`} className={p.problem ? 'has-problem' : ''} title={p.doc}>
                <td className="fw-port-dir">in</td>
                <td>{p.name}</td>
                <td className="fw-mono">{p.dtype}</td>
                <td className={`fw-mono${p.inferred ? '' : ' is-declared'}`}>{p.shape}</td>
              </tr>
            ))}
            {view.outputs.map((p) => (
              <tr key={`out-${p.name}`} title={p.doc}>
                <td className="fw-port-dir">out</td>
                <td>{p.name}</td>
                <td className="fw-mono">{p.dtype}</td>
                <td className={`fw-mono${p.inferred ? '' : ' is-declared'}`}>{p.shape}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.parameters !== null && <p className="fw-field-help">{formatCount(view.parameters)} learned parameters</p>}
      </section>
      {problems.length > 0 && (
        <section className="fw-section fw-node-problems" aria-label="Node problems">
          <h3>Problems</h3>
          {problems.map((d, i) => (
            <p key={i} className="fw-problem-text">
              <span className="fw-code">{d.code}</span> {d.message}
              {d.hint && <span className="fw-hint"> — {d.hint}</span>}
            </p>
          ))}
        </section>
      )}
      <section className="fw-section">
        <h3>About</h3>
        <p className="fw-doc">{block?.doc ?? sg?.description ?? `An instance of the subgraph “${node.subgraph}”. Double-click it on the canvas to edit what is inside.`}</p>
      </section>
      <div className="fw-inspector-actions">
        <button type="button" className="fw-button is-quiet" onClick={commands.duplicate}>
          Duplicate
        </button>
        <button type="button" className="fw-button is-danger" aria-label="Delete node" onClick={commands.deleteSelection}>
          Delete
        </button>
      </div>
    </div>
  );
}

function SubgraphOverview({ name }: { name: string }) {
  const sg = useEditor((s) => s.doc.subgraphs?.[name]);
  const doc = useEditor((s) => s.doc);
  const instances = instancesOf(doc, name);
  const commands = useCommands();
  return (
    <div className="fw-inspector-body fw-getting-started">
      <h2>Inside “{name}”</h2>
      {sg?.description && <p className="fw-doc">{sg.description}</p>}
      <p className="fw-doc">
        You are editing a subgraph. Its <strong>Subgraph input</strong> and <strong>Subgraph output</strong> blocks are the ports of every instance; changes here apply
        to all {instances.length} instance{instances.length === 1 ? '' : 's'}:
      </p>
      <ul className="fw-instance-list">
        {instances.map((i) => (
          <li key={`${i.scope}/${i.node.id}`} className="fw-mono">
            {i.node.id}
            {(i.node.repeat ?? 1) > 1 ? ` ×${i.node.repeat}` : ''}
            {i.scope !== null ? ` (in ${i.scope})` : ''}
          </li>
        ))}
      </ul>
      <button type="button" className="fw-button" onClick={commands.leaveSubgraph}>
        Back out <kbd>Esc</kbd>
      </button>
    </div>
  );
}

function Overview() {
  const scope = useEditor((s) => currentScope(s.ui));
  const count = useEditor((s) => s.ui.selection.nodes.length);
  const edges = useEditor((s) => s.ui.selection.edges.length);
  const commands = useCommands();
  if (count > 1 || (count === 0 && edges > 0)) {
    return (
      <div className="fw-inspector-body">
        <h2>
          {count > 0 ? `${count} nodes` : ''}
          {count > 0 && edges > 0 ? ' and ' : ''}
          {edges > 0 ? `${edges} edge${edges > 1 ? 's' : ''}` : ''} selected
        </h2>
        <div className="fw-inspector-actions is-column">
          {count > 0 && (
            <button type="button" className="fw-button" onClick={commands.group}>
              Group into subgraph <kbd>Ctrl G</kbd>
            </button>
          )}
          {count > 0 && (
            <button type="button" className="fw-button is-quiet" onClick={commands.duplicate}>
              Duplicate <kbd>Ctrl D</kbd>
            </button>
          )}
          <button type="button" className="fw-button is-danger" onClick={commands.deleteSelection}>
            Delete <kbd>Del</kbd>
          </button>
        </div>
      </div>
    );
  }
  if (scope !== null) return <SubgraphOverview name={scope} />;
  return (
    <div className="fw-inspector-body fw-getting-started">
      <h2>Build a transformer</h2>
      <ol>
        <li>
          <strong>Add blocks</strong>: drag them from the palette, or double-click the canvas and type.
        </li>
        <li>
          <strong>Connect</strong> an output (right side of a block) to an input (left side). Shapes appear on every edge as you go.
        </li>
        <li>
          <strong>Select a block</strong> to set its parameters here.
        </li>
        <li>
          <strong>Group</strong> a layer into a subgraph (<kbd>Ctrl G</kbd>) and reuse it.
        </li>
      </ol>
      <p className="fw-field-help">
        Press <kbd>?</kbd> for all shortcuts.
      </p>
    </div>
  );
}

/** The right-hand inspector panel. */
export function Inspector() {
  const hasNode = useEditor((s) => selectedNode(s) !== undefined);
  return (
    <section className="fw-inspector" aria-label="Inspector">
      <header className="fw-panel-header">Inspector</header>
      {hasNode ? <NodeInspector /> : <Overview />}
    </section>
  );
}
