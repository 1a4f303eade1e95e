/**
 * The review grid's undo: each step names the corrections one user action recorded (an edit, a paste), so Ctrl+Z
 * reverts them together through the engine's correction history. Pure, tested without a browser.
 */
import type { DocumentDetail, FieldName } from '../../contract/domain.js';

export interface UndoStep {
  label: string;
  /** Corrections to undo (newest last). */
  edits: Array<{ documentId: number; correctionId: number }>;
}

/** How many steps are kept; older ones drop off (their corrections stay in the History tab). */
export const UNDO_LIMIT = 100;

export class UndoStack {
  private steps: UndoStep[] = [];
  constructor(private readonly limit = UNDO_LIMIT) {}

  /** Record a step; a step that recorded nothing (a paste that changed no cell) is not one to undo. */
  push(step: UndoStep): void {
    if (!step.edits.length) return;
    this.steps.push(step);
    if (this.steps.length > this.limit) this.steps.shift();
  }

  pop(): UndoStep | undefined {
    return this.steps.pop();
  }

  get size(): number {
    return this.steps.length;
  }
}

/** The newest live correction of a field in a document's detail: the one an edit just recorded. */
export function latestCorrection(d: DocumentDetail, field: FieldName): number | null {
  let best: number | null = null;
  for (const c of d.corrections) if (c.field === field && c.kind !== 'undo' && !c.revertedBy && (best === null || c.id > best)) best = c.id;
  return best;
}
