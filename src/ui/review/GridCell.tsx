import { memo } from 'react';
import type { FieldName } from '../../contract/domain';
import type { ReviewRow } from '../../contract/engine-api';
import { doubtClass, FIELD_LABEL } from '../format';
import { CellEditor } from './CellEditor';
import type { EditorExit } from './keymap';
import { AMOUNT_FIELDS } from './grid-columns';

/** One editable field of a row: its value coloured by confidence, its flags in the tooltip, or the editor while edited. */
export const GridCell = memo(function GridCell({
  row,
  field,
  active,
  inRange,
  editing,
  initial,
  onCommit,
  onCancel,
  error = null,
}: {
  row: ReviewRow;
  field: FieldName;
  active: boolean;
  inRange: boolean;
  editing: boolean;
  /** Typing on an active cell starts editing with that text instead of the value. */
  initial: string | null;
  onCommit: (value: string | null, exit: Exclude<EditorExit, 'cancel'> | null) => void;
  onCancel: () => void;
  /** Why the engine refused the value last typed here; the editor shows it until the value is fixed or abandoned. */
  error?: string | null;
}) {
  const cell = row.cells[field];
  const flagged = !!cell?.flags.length;
  // colour only where something is uncertain or wrong: a flagged value is red, a doubtful one amber or red
  const cls = cell?.value == null ? 'conf-none' : flagged ? 'conf-low' : doubtClass(cell.origin === 'user' ? 1 : cell.confidence);
  const num = AMOUNT_FIELDS.has(field) ? ' num' : '';
  return (
    <div
      role="gridcell"
      aria-selected={active || inRange}
      data-field={field}
      className={`td rcell${num} ${cls} ${active ? 'active' : ''} ${inRange ? 'in-range' : ''} ${flagged ? 'flagged' : ''} ${cell?.origin === 'user' ? 'edited' : ''} ${error ? 'invalid' : ''}`}
      title={[
        // the whole value first: a text column narrower than it ends in an ellipsis ("RE-2…")
        cell?.value,
        cell?.flags.join('\n'),
        cell?.origin === 'user' ? 'edited by a person' : cell?.confidence != null ? `confidence ${Math.round(cell.confidence * 100)}%` : '',
      ]
        .filter(Boolean)
        .join('\n')}
    >
      {editing ? (
        <CellEditor
          label={`${FIELD_LABEL[field]} of ${row.name}`}
          value={cell?.value ?? ''}
          initial={initial}
          onCommit={onCommit}
          onCancel={onCancel}
          error={error}
        />
      ) : (
        <span>{cell?.value ?? ''}</span>
      )}
    </div>
  );
});
