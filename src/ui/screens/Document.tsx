import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  FIELD_NAMES,
  type CheckOutcome,
  type DocumentDetail,
  type ExtractedField,
  type FieldEvidence,
  type FieldName,
} from '../../contract/domain';
import { confClass, fmtAmount, fmtDay, fmtPct, fmtUsd, FIELD_LABEL, STATUS_LABEL, TYPE_LABEL } from '../format';
import { errorMessage } from '../client';
import { api, attempt, goBack, useStore } from '../store';
import { EInvoiceStripFor, EInvoiceViewer } from './EInvoiceView';
import { DocumentIntake } from '../intake/DocumentIntake';
import { HighlightBoxes } from '../HighlightBoxes';

interface PageImage {
  url: string;
  width: number;
  height: number;
}

function FieldRow({
  name,
  field,
  issues,
  original,
  active,
  context,
  checks,
  onSelect,
  onSave,
}: {
  name: FieldName;
  field: ExtractedField | undefined;
  issues: DocumentDetail['issues'];
  original: string | null | undefined;
  active: boolean;
  context: { page: number; before: string; match: string; after: string } | null;
  checks: CheckOutcome[];
  onSelect: () => void;
  /** Resolves to the engine's reason when it refused the value, null when it was saved. */
  onSave: (value: string | null) => Promise<string | null>;
}) {
  const [value, setValue] = useState(field?.value ?? '');
  const [refused, setRefused] = useState<{ value: string; reason: string } | null>(null);
  useEffect(() => setValue(field?.value ?? ''), [field?.value]);
  const dirty = value !== (field?.value ?? '');
  const save = async () => {
    // a refused value left as it is is not sent again on every blur
    if (!dirty || refused?.value === value) return;
    const reason = await onSave(value.trim() === '' ? null : value.trim());
    setRefused(reason ? { value, reason } : null);
  };
  const found = !!field && (field.value !== null || field.origin === 'user');
  const cls = found ? confClass(field.origin === 'user' ? 1 : field.confidence) : 'conf-none';
  return (
    <div className={`field ${active ? 'active' : ''} ${cls}`} onClick={onSelect} data-field={name}>
      <label htmlFor={`f-${name}`}>{FIELD_LABEL[name] ?? name}</label>
      <div className="field-input">
        <input
          id={`f-${name}`}
          value={value}
          placeholder="—"
          onFocus={onSelect}
          onChange={(e) => setValue(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save();
            if (e.key === 'Escape') {
              setValue(field?.value ?? '');
              setRefused(null);
            }
          }}
          aria-invalid={refused ? true : undefined}
        />
        <span className={`conf-badge ${cls}`} title={found ? `${field.origin}, confidence ${fmtPct(field.confidence)}` : 'not found'}>
          {found ? (field.origin === 'user' ? 'edited' : fmtPct(field.confidence)) : 'not found'}
        </span>
      </div>
      {refused ? (
        <div className="issue error" role="alert">
          Not saved: {refused.reason}
        </div>
      ) : null}
      {field?.origin === 'user' && original !== undefined ? <div className="small muted">was: {original ?? '(empty)'}</div> : null}
      {active && context ? (
        <div className="source-context small" title="Where the value was read">
          p.{context.page + 1}: …{context.before}
          <mark>{context.match}</mark>
          {context.after}…
        </div>
      ) : null}
      {found && field.origin !== 'user' && field.evidence ? <Evidence evidence={field.evidence} checks={checks} full={active} /> : null}
      {issues.map((i, k) => (
        <div key={k} className={`issue ${i.severity}`}>
          {i.message}
        </div>
      ))}
    </div>
  );
}

/**
 * What vouches for a value: the checks it passed and failed (always shown, failed first, so a clerk sees at a
 * glance what Docket could not confirm), and for the selected field the rules that found it.
 */
function Evidence({ evidence, checks, full }: { evidence: FieldEvidence; checks: CheckOutcome[]; full: boolean }) {
  const say = (id: string) => checks.find((c) => c.id === id)?.message ?? id;
  return (
    <div className="evidence small" data-evidence>
      {evidence.checksFailed.map((id) => (
        <span key={`f${id}`} className="check-chip fail" title={say(id)} data-check={id} data-passed="false">
          ✗ {id}
        </span>
      ))}
      {evidence.checksPassed.map((id) => (
        <span key={`p${id}`} className="check-chip pass" title={say(id)} data-check={id} data-passed="true">
          ✓ {id}
        </span>
      ))}
      {evidence.learnedFrom ? <span className="check-chip learned">learned from {evidence.learnedFrom} correction(s)</span> : null}
      {full && evidence.rules.length ? <div className="rules muted">found by {evidence.rules.join(', ')}</div> : null}
    </div>
  );
}

/** Every check Docket ran over the document's values, failed ones first, with the sentence that explains it. */
function ChecksPanel({ checks }: { checks: CheckOutcome[] }) {
  if (!checks.length) return null;
  const ordered = [...checks.filter((c) => !c.passed), ...checks.filter((c) => c.passed)];
  const failed = checks.length - checks.filter((c) => c.passed).length;
  return (
    <details className="checks" open={failed > 0} data-checks>
      <summary>
        Checks: {checks.length - failed} passed{failed ? `, ${failed} failed` : ''}
      </summary>
      <ul>
        {ordered.map((c, k) => (
          <li key={k} className={`check ${c.passed ? 'pass' : 'fail'}`} data-check={c.id} data-passed={String(c.passed)}>
            <span className="mark">{c.passed ? '✓' : '✗'}</span> <span className="message">{c.message}</span>{' '}
            <span className="muted id">{c.id}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The words around a field's source in its page text: the reading as text, beside its box on the page image. */
function sourceContext(doc: DocumentDetail, field: ExtractedField | undefined) {
  const src = field?.source;
  if (!src || src.end <= src.start) return null;
  const text = doc.pages.find((p) => p.index === src.page)?.text;
  if (!text) return null;
  const clean = (s: string) => s.replace(/\s+/g, ' ');
  return {
    page: src.page,
    before: clean(text.slice(Math.max(0, src.start - 40), src.start)),
    match: clean(text.slice(src.start, src.end)),
    after: clean(text.slice(src.end, src.end + 40)),
  };
}

export function DocumentScreen({ id }: { id: number }) {
  const go = useStore((s) => s.go);
  const navIds = useStore((s) => s.navIds);
  const toast = useStore((s) => s.toast);
  const [doc, setDoc] = useState<DocumentDetail | null | undefined>(undefined);
  const [pageIdx, setPageIdx] = useState(0);
  const [image, setImage] = useState<PageImage | null>(null);
  const [imageError, setImageError] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const [activeField, setActiveField] = useState<FieldName | null>(null);
  const [tab, setTab] = useState<'fields' | 'text' | 'history'>('fields');
  const viewRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const d = await attempt('Open document', () => api().getDocument(id));
    setDoc(d ?? null);
  }, [id]);
  useEffect(() => {
    setDoc(undefined);
    setPageIdx(0);
    setActiveField(null);
    void load();
  }, [load]);

  useEffect(() => {
    // An XML-only e-invoice has no page image; the viewer shows the invoice itself.
    if (!doc || !doc.pageCount || doc.kind === 'xml') {
      setImage(null);
      return;
    }
    let cancelled = false;
    setImageError(null);
    api()
      .getPageImage(doc.id, pageIdx, 1600)
      .then((img) => {
        if (!cancelled) setImage({ url: `data:${img.mime};base64,${img.base64}`, width: img.width, height: img.height });
      })
      .catch((err: Error) => {
        if (!cancelled) {
          setImage(null);
          setImageError(err.message);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [doc?.id, doc?.pageCount, doc?.kind, pageIdx]); // eslint-disable-line react-hooks/exhaustive-deps

  const pos = navIds.indexOf(id);
  const prevId = pos > 0 ? navIds[pos - 1] : undefined;
  const nextId = pos >= 0 && pos < navIds.length - 1 ? navIds[pos + 1] : undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return;
      if ((e.key === 'j' || e.key === 'ArrowRight') && nextId) go({ name: 'document', id: nextId });
      else if ((e.key === 'k' || e.key === 'ArrowLeft') && prevId) go({ name: 'document', id: prevId });
      else if (e.key === 'Escape') goBack();
      else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(4, z * 1.25));
      else if (e.key === '-') setZoom((z) => Math.max(0.25, z / 1.25));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nextId, prevId, go]);

  const fieldsByName = useMemo(() => new Map((doc?.fields ?? []).map((f) => [f.name, f])), [doc]);
  const originals = useMemo(() => {
    const m = new Map<string, string | null>();
    for (const c of [...(doc?.corrections ?? [])].sort((a, b) => a.at - b.at)) if (!m.has(c.field)) m.set(c.field, c.oldValue);
    return m;
  }, [doc]);

  if (doc === undefined) return <section className="screen">Loading…</section>;
  if (doc === null)
    return (
      <section className="screen">
        <p>This document does not exist.</p>
        <button onClick={() => go({ name: 'documents' })}>Back to documents</button>
      </section>
    );

  const page = doc.pages.find((p) => p.index === pageIdx);
  const active = activeField ? fieldsByName.get(activeField) : undefined;
  const src = active?.source && active.source.page === pageIdx ? active.source : null;
  const baseW = page?.width ?? image?.width ?? 1;
  const baseH = page?.height ?? image?.height ?? 1;
  const pageCount = Math.max(doc.pageCount ?? 0, doc.pages.length);

  const save = async (name: FieldName, value: string | null): Promise<string | null> => {
    try {
      const d = await api().updateField(doc.id, name, value);
      setDoc(d);
      toast('info', `${FIELD_LABEL[name] ?? name} saved`);
      return null;
    } catch (err) {
      // refused (not an amount, not a date ...): the field says why, in place
      return errorMessage(err);
    }
  };
  const toggleReviewed = async () => {
    const marking = !doc.reviewedAt;
    const n = await attempt('Mark reviewed', () => api().markReviewed([doc.id], marking));
    if (n === undefined) return;
    // reviewing is a pass through the list: the next document opens (the last one stays, marked)
    if (marking && nextId) go({ name: 'document', id: nextId });
    else await load();
  };
  /** Fit page: the whole page in the viewer's height; fit width: the page as wide as the viewer. */
  const fitPage = () => {
    const el = viewRef.current;
    if (!el) return;
    const pad = 28;
    const h = el.clientHeight - pad;
    const w = el.clientWidth - pad;
    setZoom(Math.max(0.1, Math.min(1, (h * (baseW / baseH)) / w)));
  };
  const retry = async () => {
    const n = await attempt('Retry', () => api().retryDocuments([doc.id]));
    if (n !== undefined) {
      toast('info', 'Queued again');
      await load();
    }
  };

  const text = page?.text ?? '';
  const textView =
    src && src.end > src.start ? (
      <>
        {text.slice(0, src.start)}
        <mark ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>{text.slice(src.start, src.end)}</mark>
        {text.slice(src.end)}
      </>
    ) : (
      text
    );

  return (
    <section className="screen doc-screen">
      <div className="screen-head doc-head">
        <button onClick={goBack} aria-label="Back" title="Back (Esc)">
          ←
        </button>
        <div className="doc-title">
          <h1 title={doc.path}>{doc.name}</h1>
          <div className="muted small">
            {doc.docType ? TYPE_LABEL[doc.docType] : 'Unclassified'} · {doc.pageCount ?? '?'} page{doc.pageCount === 1 ? '' : 's'} ·{' '}
            {doc.method ?? '—'} · cost {fmtUsd(doc.costUsd)}
          </div>
          <div className="doc-summary">
            {[
              fieldsByName.get('vendor_name')?.value ?? doc.vendor,
              fieldsByName.get('document_number')?.value ?? doc.docNumber,
              fmtDay(fieldsByName.get('issue_date')?.value ?? doc.issueDate),
              (() => {
                const t = fieldsByName.get('total')?.value ?? (doc.total !== null ? String(doc.total) : null);
                const c = fieldsByName.get('currency')?.value ?? doc.currency;
                return t ? `${fmtAmount(t)}${c ? ` ${c}` : ''}` : null;
              })(),
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
        <span className={`pill st-${doc.status}`}>{STATUS_LABEL[doc.status]}</span>
        {doc.reviewedAt ? <span className="pill st-done">Reviewed</span> : null}
        <span className="spacer" />
        {pos >= 0 ? (
          <span className="muted small">
            {pos + 1} of {navIds.length}
          </span>
        ) : null}
        <button
          disabled={!prevId}
          onClick={() => prevId && go({ name: 'document', id: prevId })}
          title="Previous (k)"
          aria-keyshortcuts="k"
        >
          ‹ Previous
        </button>
        <button disabled={!nextId} onClick={() => nextId && go({ name: 'document', id: nextId })} title="Next (j)" aria-keyshortcuts="j">
          Next ›
        </button>
        {doc.status === 'failed' || doc.status === 'skipped' ? (
          <button onClick={retry}>Retry</button>
        ) : (
          <button
            className="primary"
            onClick={toggleReviewed}
            title={!doc.reviewedAt && nextId ? 'Mark reviewed and open the next document' : undefined}
          >
            {doc.reviewedAt ? 'Mark unreviewed' : 'Mark reviewed'}
          </button>
        )}
      </div>
      {doc.reason ? <div className={`banner ${doc.status === 'failed' ? 'error' : 'warn'}`}>{doc.reason}</div> : null}
      <DocumentIntake doc={doc} pageIdx={pageIdx} onChanged={setDoc} />
      <div className="doc-body">
        {doc.kind === 'xml' ? (
          <EInvoiceViewer documentId={doc.id} finishedAt={`${doc.status}:${doc.attempts}`} reason={doc.reason} />
        ) : null}
        <div className="viewer" style={doc.kind === 'xml' ? { display: 'none' } : undefined}>
          <div className="viewer-tools">
            <button disabled={pageIdx <= 0} onClick={() => setPageIdx(pageIdx - 1)} aria-label="Previous page">
              ‹
            </button>
            <span className="small">
              Page {pageCount ? pageIdx + 1 : 0} / {pageCount}
            </span>
            <button disabled={pageIdx >= pageCount - 1} onClick={() => setPageIdx(pageIdx + 1)} aria-label="Next page">
              ›
            </button>
            <span className="spacer" />
            <button onClick={() => setZoom((z) => Math.max(0.25, z / 1.25))} aria-label="Zoom out">
              −
            </button>
            <span className="small zoom">{Math.round(zoom * 100)}%</span>
            <button onClick={() => setZoom((z) => Math.min(4, z * 1.25))} aria-label="Zoom in">
              +
            </button>
            <button onClick={fitPage} title="The whole page in view">
              Fit page
            </button>
            <button onClick={() => setZoom(1)} title="The page as wide as the viewer">
              Fit width
            </button>
          </div>
          <div className="viewer-scroll" ref={viewRef}>
            {image ? (
              <div className="page-wrap" style={{ width: `${zoom * 100}%` }}>
                <img src={image.url} alt={`Page ${pageIdx + 1} of ${doc.name}`} draggable={false} />
                {src?.boxes && <HighlightBoxes boxes={src.boxes} baseW={baseW} baseH={baseH} block="nearest" />}
              </div>
            ) : (
              <div className="no-image muted">
                {imageError ? `No page image: ${imageError}` : pageCount ? 'Rendering page…' : 'No pages'}
              </div>
            )}
          </div>
        </div>
        <div className="side">
          <div className="tabs" role="tablist">
            {(['fields', 'text', 'history'] as const).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)}>
                {t === 'fields' ? 'Fields' : t === 'text' ? 'Text' : 'History'}
              </button>
            ))}
          </div>
          {tab === 'fields' ? (
            <div className="fields">
              {doc.issues
                .filter((i) => i.field === null || i.field === 'line_items')
                .map((i, k) => (
                  <div key={k} className={`issue ${i.severity}`}>
                    {i.message}
                  </div>
                ))}
              {doc.kind === 'pdf' && doc.method === 'e-invoice' ? (
                <EInvoiceStripFor documentId={doc.id} finishedAt={`${doc.status}:${doc.attempts}`} />
              ) : null}
              <ChecksPanel checks={doc.checks ?? []} />
              {FIELD_NAMES.map((n) => (
                <FieldRow
                  key={n}
                  name={n}
                  field={fieldsByName.get(n)}
                  issues={doc.issues.filter((i) => i.field === n)}
                  original={originals.has(n) ? originals.get(n) : undefined}
                  active={activeField === n}
                  context={activeField === n ? sourceContext(doc, fieldsByName.get(n)) : null}
                  checks={doc.checks ?? []}
                  onSelect={() => {
                    setActiveField(n);
                    const f = fieldsByName.get(n);
                    if (f?.source && f.source.page !== pageIdx) setPageIdx(f.source.page);
                  }}
                  onSave={(v) => save(n, v)}
                />
              ))}
              {doc.lineItems.length ? (
                <table className="lines">
                  <thead>
                    <tr>
                      <th>Item</th>
                      <th className="right">Qty</th>
                      <th className="right">Unit</th>
                      <th className="right">Amount</th>
                    </tr>
                  </thead>
                  <tbody>
                    {doc.lineItems.map((l, k) => (
                      <tr key={k}>
                        <td>{l.description}</td>
                        <td className="right">{l.quantity ?? ''}</td>
                        <td className="right">{l.unitPrice ?? ''}</td>
                        <td className="right">{l.amount ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
          ) : tab === 'text' ? (
            <pre className="page-text">{textView || <span className="muted">No text on this page.</span>}</pre>
          ) : (
            <ul className="history">
              {doc.corrections.map((c) => (
                <li key={`c${c.id}`} className={`correction ${c.revertedBy ? 'is-undone' : ''}`} data-kind={c.kind ?? 'edit'}>
                  <span
                    className={`kind kind-${c.kind ?? 'edit'}`}
                    title={
                      c.kind === 'bulk'
                        ? 'a bulk action on many documents'
                        : c.kind === 'undo'
                          ? 'an undo of an earlier change'
                          : 'an edit by a person'
                    }
                  >
                    {c.kind === 'bulk' ? 'bulk' : c.kind === 'undo' ? 'undo' : 'edit'}
                  </span>
                  <b>{FIELD_LABEL[c.field] ?? c.field}</b>:{' '}
                  <span className={c.revertedBy ? 'reverted' : ''}>
                    {c.oldValue ?? '(empty)'} → {c.newValue ?? '(empty)'}
                  </span>{' '}
                  <span className="muted small">{new Date(c.at).toLocaleString()}</span>{' '}
                  {c.revertedBy ? <span className="kind undone-badge">undone</span> : null}
                  {!c.revertedBy && c.kind !== 'undo' ? (
                    <button
                      className="link small"
                      onClick={async () => {
                        const d = await attempt('Undo', () => api().undoCorrection(c.id));
                        if (d) {
                          setDoc(d);
                          toast('info', `${FIELD_LABEL[c.field] ?? c.field} restored`);
                        }
                      }}
                    >
                      Undo
                    </button>
                  ) : null}
                </li>
              ))}
              {doc.events.map((e) => (
                <li key={`e${e.id}`} className={e.level}>
                  <span className="muted small">{new Date(e.at).toLocaleTimeString()}</span> {e.message}
                </li>
              ))}
              {!doc.corrections.length && !doc.events.length ? <li className="muted">Nothing recorded.</li> : null}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
