/**
 * The Recent overlay: the last autosaved documents of this browser (every tab's), newest first;
 * choosing one continues editing it under its own autosave record.
 */
import { useEffect, useState } from 'react';
import { useCommands } from '../commands-context.ts';
import { listRecent, type RecentEntry } from '../files/autosave.ts';
import { activeAutosave } from '../files/recent.ts';
import { Modal } from './Modal.tsx';

export function RecentList({ close }: { close: () => void }) {
  const commands = useCommands();
  const [entries, setEntries] = useState<readonly RecentEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    listRecent().then(
      (list) => live && setEntries(list),
      () => live && setEntries([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const current = activeAutosave()?.id();
  return (
    <Modal title="Recent graphs" onClose={close}>
      {entries === null ? (
        <p className="fw-muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="fw-muted">Nothing autosaved in this browser yet.</p>
      ) : (
        <ul className="fw-recent" aria-label="Recent graphs">
          {entries.map((e) => (
            <li key={e.id}>
              <button type="button" className="fw-template" disabled={e.id === current} aria-label={`Reopen ${e.title}`} onClick={() => (close(), void commands.openRecent(e.id))}>
                <strong>{e.title}</strong>
                <span className="fw-muted">
                  {e.nodes} node{e.nodes === 1 ? '' : 's'} · {new Date(e.at).toLocaleString()}
                  {e.id === current ? ' · open here' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
