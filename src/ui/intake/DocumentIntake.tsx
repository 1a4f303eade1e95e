/**
 * The document screen's intake strip: where a document came from (its e-mail's sender, date and subject, the
 * archive or multi-document file it was taken out of), what it duplicates, and for a file that holds several
 * documents its parts with the split points, where the clerk merges a part with the previous one or splits at
 * the page in view.
 */
import type { DocumentDetail } from '../../contract/domain';
import { STATUS_LABEL } from '../format';
import { api, attempt, useStore } from '../store';
import './intake.css';
import { firstPagesOf, mergeWithPrevious, splitAt } from './split-points';

const pages = (first: number | null, last: number | null) =>
  first === null ? '' : first === last ? `p. ${first}` : `pp. ${first}–${last}`;

function fmtWhen(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString() : iso;
}

export function DocumentIntake({
  doc,
  pageIdx,
  onChanged,
}: {
  doc: DocumentDetail;
  /** The page in view (0-based): "split here" starts a new document at it. */
  pageIdx: number;
  onChanged: (d: DocumentDetail) => void;
}) {
  const go = useStore((s) => s.go);
  const toast = useStore((s) => s.toast);
  const src = doc.source ?? null;
  const dup = doc.duplicate ?? null;
  const parts = doc.parts ?? [];
  const splitParts = parts.filter((p) => p.origin === 'split-part');
  const otherParts = parts.filter((p) => p.origin !== 'split-part');
  const firsts = firstPagesOf(parts);
  const pageCount = doc.pageCount ?? 0;
  const canSplit =
    (doc.kind === 'pdf' || doc.kind === 'tiff') &&
    pageCount > 1 &&
    src?.origin !== 'split-part' &&
    doc.status !== 'queued' &&
    doc.status !== 'processing';

  const resplit = async (points: number[], what: string) => {
    const d = await attempt(what, () => api().splitDocument(doc.id, points));
    if (d) {
      onChanged(d);
      toast('info', `${what}: ${d.parts?.filter((p) => p.origin === 'split-part').length ?? 0} documents, read again where they changed`);
    }
  };

  if (!src && !dup && !parts.length && !canSplit) return null;
  return (
    <div className="intake-strip">
      {src ? (
        <div className="intake-line">
          {src.origin === 'split-part' ? (
            <>
              {pages(src.firstPage, src.lastPage)} of{' '}
              <a href="#" onClick={(e) => (e.preventDefault(), go({ name: 'document', id: src.parentId }))}>
                {src.parentName}
              </a>
            </>
          ) : (
            <>
              {src.origin === 'attachment' ? 'Attachment' : 'Archive entry'} <b>{src.originName}</b> of{' '}
              <a href="#" onClick={(e) => (e.preventDefault(), go({ name: 'document', id: src.parentId }))}>
                {src.parentName}
              </a>
            </>
          )}
          {src.email ? (
            <span className="intake-email" title={src.email.recipients ? `to ${src.email.recipients}` : undefined}>
              {' '}
              · e-mail from <b>{src.email.sender ?? 'unknown sender'}</b>
              {src.email.sentAt ? `, ${fmtWhen(src.email.sentAt)}` : ''}
              {src.email.subject ? <>: “{src.email.subject}”</> : null}
            </span>
          ) : null}
        </div>
      ) : null}
      {dup ? (
        <div className={`banner ${dup.kind === 'exact' ? 'warn' : 'warn'} intake-dup`}>
          {dup.kind === 'exact' ? 'Duplicate of ' : 'Possible duplicate of '}
          <a href="#" onClick={(e) => (e.preventDefault(), go({ name: 'document', id: dup.documentId }))}>
            {dup.name}
          </a>{' '}
          in batch “{dup.batchName}” ({dup.why})
        </div>
      ) : null}
      {splitParts.length ? (
        <div className="intake-parts" aria-label="Split points">
          <span className="muted small">Holds {splitParts.length} documents:</span>
          {splitParts.map((p, i) => (
            <span
              key={p.id}
              className={`intake-part ${p.firstPage !== null && pageIdx + 1 >= p.firstPage && pageIdx + 1 <= (p.lastPage ?? 0) ? 'current' : ''}`}
            >
              {i > 0 ? (
                <button
                  className="intake-merge"
                  title={`Merge with the previous document (pages ${splitParts[i - 1]!.firstPage}–${p.lastPage} become one)`}
                  onClick={() => void resplit(mergeWithPrevious(firsts, i), 'Merge')}
                >
                  ⇤ merge
                </button>
              ) : null}
              <a href="#" onClick={(e) => (e.preventDefault(), go({ name: 'document', id: p.id }))} title={p.name}>
                {pages(p.firstPage, p.lastPage)}
              </a>
              <span className={`pill st-${p.status}`}>{STATUS_LABEL[p.status as keyof typeof STATUS_LABEL] ?? p.status}</span>
              <span className="small">
                {[p.vendor, p.docNumber, p.total !== null ? p.total.toFixed(2) : null].filter(Boolean).join(' · ')}
              </span>
            </span>
          ))}
        </div>
      ) : null}
      {otherParts.length ? (
        <div className="intake-parts">
          <span className="muted small">
            Holds {otherParts.length} file{otherParts.length === 1 ? '' : 's'}:
          </span>
          {otherParts.map((p) => (
            <span key={p.id} className="intake-part">
              <a href="#" onClick={(e) => (e.preventDefault(), go({ name: 'document', id: p.id }))}>
                {p.name}
              </a>
              <span className={`pill st-${p.status}`}>{STATUS_LABEL[p.status as keyof typeof STATUS_LABEL] ?? p.status}</span>
            </span>
          ))}
        </div>
      ) : null}
      {canSplit && pageIdx > 0 && !firsts.includes(pageIdx + 1) ? (
        <button className="intake-split" onClick={() => void resplit(splitAt(firsts, pageIdx + 1), 'Split')}>
          Start a new document at page {pageIdx + 1}
        </button>
      ) : null}
    </div>
  );
}
