/**
 * The top bar: document title (editable), file commands, edit commands, view commands, theme, help.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useCommands } from '../commands-context.ts';
import { useEditor } from '../store/use-editor.ts';
import { onnxActions } from '../onnx/onnx-actions.ts';
import { useOnnxUi } from '../onnx/OnnxPanel.tsx';
import { useTrain } from '../train/TrainProvider.tsx';
import * as I from './icons.tsx';
import { ShareTools } from '../share/ShareTools.tsx';

function ToolButton({ label, shortcut, onClick, disabled, children, text }: { label: string; shortcut?: string; onClick: () => void; disabled?: boolean; children: ReactNode; text?: string }) {
  return (
    <button type="button" className="fw-tool" aria-label={label} title={shortcut ? `${label} (${shortcut})` : label} onClick={onClick} disabled={disabled}>
      {children}
      {text && <span className="fw-tool-text">{text}</span>}
    </button>
  );
}

function TitleField() {
  const title = useEditor((s) => s.doc.meta?.title ?? 'Untitled');
  const setTitle = useEditor((s) => s.setTitle);
  const [draft, setDraft] = useState(title);
  useEffect(() => setDraft(title), [title]);
  const commit = () => {
    const t = draft.trim();
    if (t && t !== title) setTitle(t);
    else setDraft(title);
  };
  return (
    <input
      className="fw-title"
      aria-label="Graph title"
      value={draft}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') {
          setDraft(title);
          (e.target as HTMLInputElement).blur();
        }
      }}
    />
  );
}

/** The application toolbar. */
export function Toolbar() {
  const c = useCommands();
  const dirty = useEditor((s) => s.doc !== s.savedDoc);
  const canUndo = useEditor((s) => s.history.past.length > 0 || s.history.gestureBase !== null);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const selected = useEditor((s) => s.ui.selection.nodes.length);
  const theme = useEditor((s) => s.ui.theme);
  const busy = useEditor((s) => s.ui.busy);
  const exporting = useOnnxUi((s) => s.exporting);
  const comparing = useOnnxUi((s) => s.compareOpen);
  const training = useTrain((s) => s.open);
  return (
    <header className="fw-toolbar" role="toolbar" aria-label="Editor commands">
      <div className="fw-brand">
        <I.IconLogo />
        <span>Formwork</span>
      </div>
      <div className="fw-title-wrap">
        <TitleField />
        {dirty && (
          <span className="fw-dirty" title="Changes not yet saved to a file (they are autosaved in this browser)">
            unsaved
          </span>
        )}
      </div>
      <div className="fw-tool-group">
        <ToolButton label="New graph" shortcut="Alt+N" onClick={c.newDocument}>
          <I.IconNew />
        </ToolButton>
        <ToolButton label="Open file" shortcut="Ctrl+O" onClick={c.openFilePicker}>
          <I.IconOpen />
        </ToolButton>
        <ToolButton label="Save" shortcut="Ctrl+S" onClick={c.save}>
          <I.IconSave />
        </ToolButton>
        <ToolButton label="Save as" shortcut="Ctrl+Shift+S" onClick={c.showSaveAs} text="Save as…">
          <></>
        </ToolButton>
        <ToolButton label="Recent graphs" onClick={c.showRecent} text="Recent">
          <></>
        </ToolButton>
        <ToolButton label="Templates" onClick={c.showTemplates} text="Templates">
          <I.IconTemplates />
        </ToolButton>
        <ToolButton label="Fit from text" onClick={c.showFit} text="Fit…">
          <></>
        </ToolButton>
      </div>
      <div className="fw-tool-group">
        <ToolButton label="Export ONNX" shortcut="Ctrl+Shift+E" onClick={onnxActions.exportOnnx} disabled={exporting !== null} text={exporting ? `Exporting: ${exporting}…` : 'Export ONNX'}>
          <></>
        </ToolButton>
        <ToolButton label={comparing ? 'Close compare' : 'Compare backends'} onClick={onnxActions.toggleCompare} text="Compare">
          <></>
        </ToolButton>
        <ShareTools />
        <ToolButton label={training ? 'Close the Train panel' : 'Train on a text'} shortcut="Shift+T" onClick={c.toggleTrain} text="Train">
          <></>
        </ToolButton>
      </div>
      <div className="fw-tool-group">
        <ToolButton label="Undo" shortcut="Ctrl+Z" onClick={c.undo} disabled={!canUndo}>
          <I.IconUndo />
        </ToolButton>
        <ToolButton label="Redo" shortcut="Ctrl+Shift+Z" onClick={c.redo} disabled={!canRedo}>
          <I.IconRedo />
        </ToolButton>
        <ToolButton label="Duplicate" shortcut="Ctrl+D" onClick={c.duplicate} disabled={selected === 0}>
          <I.IconDuplicate />
        </ToolButton>
        <ToolButton label="Delete" shortcut="Delete" onClick={c.deleteSelection} disabled={selected === 0}>
          <I.IconTrash />
        </ToolButton>
        <ToolButton label="Group into subgraph" shortcut="Ctrl+G" onClick={c.group} disabled={selected === 0} text="Group">
          <I.IconGroup />
        </ToolButton>
      </div>
      <div className="fw-tool-group">
        <ToolButton label="Auto-layout" shortcut="L" onClick={() => void c.autoLayout()} disabled={busy !== null} text="Layout">
          <I.IconLayout />
        </ToolButton>
        <ToolButton label="Fit view" shortcut="F" onClick={c.fitView}>
          <I.IconFit />
        </ToolButton>
      </div>
      <div className="fw-toolbar-spacer" />
      <div className="fw-tool-group">
        <ToolButton label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} shortcut="T" onClick={c.toggleTheme}>
          {theme === 'dark' ? <I.IconSun /> : <I.IconMoon />}
        </ToolButton>
        <ToolButton label="Keyboard shortcuts and help" shortcut="?" onClick={c.showHelp}>
          <I.IconHelp />
        </ToolButton>
      </div>
    </header>
  );
}
