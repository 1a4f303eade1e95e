import { useRef, useState } from 'react';
import { editorKeyToExit, type EditorExit } from './keymap';

/** The input of the cell being edited: mounted per edit, so its draft starts from the value or the typed text. */
export function CellEditor({
  label,
  value,
  initial,
  onCommit,
  onCancel,
  error = null,
}: {
  label: string;
  value: string;
  /** Typed text that replaced the value (caret after it); null: the value, all selected. */
  initial: string | null;
  onCommit: (value: string | null, exit: Exclude<EditorExit, 'cancel'> | null) => void;
  onCancel: () => void;
  /** The engine's reason for refusing the value (shown under the input). */
  error?: string | null;
}) {
  const [draft, setDraft] = useState(initial ?? value);
  // One edit ends once: Enter/Tab/Esc settle it, so the blur that follows (the input unmounting) must not.
  const settled = useRef(false);
  const finish = (exit: Exclude<EditorExit, 'cancel'> | null) => {
    if (settled.current) return;
    settled.current = true;
    onCommit(draft.trim() === '' ? null : draft.trim(), exit);
  };
  const cancel = () => {
    if (settled.current) return;
    settled.current = true;
    onCancel();
  };
  return (
    <>
      <input
        autoFocus
        aria-label={label}
        value={draft}
        onFocus={(e) => {
          // Typing replaced the value: the caret goes after what was typed. Enter/F2: the whole value is selected.
          const el = e.currentTarget;
          if (initial !== null) el.setSelectionRange(el.value.length, el.value.length);
          else el.select();
        }}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          const exit = editorKeyToExit(e);
          if (!exit) return;
          e.preventDefault();
          if (exit === 'cancel') cancel();
          else finish(exit);
        }}
        // leaving a refused value untouched abandons it (it would only be refused again)
        onBlur={() => (draft !== value && !(error && draft === (initial ?? value)) ? finish(null) : cancel())}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'cell-error' : undefined}
      />
      {error ? (
        <div id="cell-error" className="cell-error" role="alert">
          {error}
        </div>
      ) : null}
    </>
  );
}
