/**
 * E-invoices in the document screen. An XML-only invoice (UBL / CII file) has no page to show, so the viewer
 * shows the invoice itself: parties, lines, VAT breakdown, totals and payment, as the XML states them. A hybrid
 * PDF (Factur-X / ZUGFeRD) keeps its page; a strip names the embedded XML. Both can save the XML as received.
 */
import { useEffect, useState } from 'react';
import { unitLabel, type EInvoiceLine, type EInvoiceParty, type EInvoiceView } from '../../contract/schemas/einvoice';
import { fmtAmount, fmtDay, fmtQuantity } from '../format';
import { api, attempt, useStore } from '../store';

/** The document's e-invoice, or null when it carries none (undefined while loading). */
export function useEInvoice(documentId: number, finishedAt: unknown): EInvoiceView | null | undefined {
  const [view, setView] = useState<EInvoiceView | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    setView(undefined);
    api()
      .getEInvoice(documentId)
      .then((v) => !cancelled && setView(v))
      .catch(() => !cancelled && setView(null));
    return () => {
      cancelled = true;
    };
  }, [documentId, finishedAt]);
  return view;
}

/**
 * Save the XML as received. The desktop app asks where and writes the bytes through the engine; a browser
 * downloads it (the engine's copy is the same text).
 */
function SaveXmlButton({ view }: { view: EInvoiceView }) {
  const info = useStore((s) => s.info);
  const toast = useStore((s) => s.toast);
  const save = async () => {
    if (info?.canPickPaths) {
      const out = await attempt('Save XML', () => api().pickSaveTarget({ defaultName: view.xmlFileName, kind: 'xml' }));
      if (!out) return;
      const r = await attempt('Save XML', () => api().saveEInvoiceXml(view.documentId, out));
      if (r) toast('info', `Saved ${r.path}`);
      return;
    }
    const x = await attempt('Save XML', () => api().getEInvoiceXml(view.documentId));
    if (!x) return;
    const url = URL.createObjectURL(new Blob([x.xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = x.fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button onClick={save} title={`Save the invoice XML as received (${view.xmlFileName})`} data-save-xml>
      Save XML
    </button>
  );
}

function describe(view: EInvoiceView): string {
  const inv = view.invoice;
  return [inv.syntax, inv.profile, inv.typeCode ? `type ${inv.typeCode}` : null].filter(Boolean).join(' · ');
}

/** For a hybrid PDF: one line above the fields saying its data came from the embedded XML. */
export function EInvoiceStrip({ view }: { view: EInvoiceView }) {
  return (
    <div className="einv-strip" data-einvoice-strip>
      <span>
        <b>E-invoice</b> · read from the embedded <code>{view.attachment}</code> · {describe(view)}
      </span>
      <SaveXmlButton view={view} />
    </div>
  );
}

function Party({ title, party }: { title: string; party: EInvoiceParty | null }) {
  if (!party) return null;
  const a = party.address;
  return (
    <div className="einv-party" data-party={title.toLowerCase()}>
      <div className="muted small">{title}</div>
      <div className="einv-party-name">{party.name ?? '—'}</div>
      {party.tradingName ? <div className="small">{party.tradingName}</div> : null}
      {a ? (
        <div className="small">
          {a.street.map((l, k) => (
            <div key={k}>{l}</div>
          ))}
          <div>{[a.postcode, a.city].filter(Boolean).join(' ')}</div>
          <div>{[a.subdivision, a.country].filter(Boolean).join(', ')}</div>
        </div>
      ) : null}
      {party.vatId ? <div className="small">VAT id {party.vatId}</div> : null}
      {party.taxIds.map((t, k) => (
        <div key={k} className="small muted">
          {t}
        </div>
      ))}
      {[party.contact, party.email, party.phone].some(Boolean) ? (
        <div className="small muted">{[party.contact, party.email, party.phone].filter(Boolean).join(' · ')}</div>
      ) : null}
    </div>
  );
}

function LineRows({ line, depth }: { line: EInvoiceLine; depth: number }) {
  return (
    <>
      <tr className={depth ? 'einv-subline' : ''}>
        <td className="muted">{line.id}</td>
        <td style={{ paddingLeft: `${6 + depth * 16}px` }}>
          {line.name ?? '—'}
          {line.sellerItemId ? <span className="muted small"> [{line.sellerItemId}]</span> : null}
          {line.description && line.description !== line.name ? <div className="muted small">{line.description}</div> : null}
        </td>
        <td className="right">{fmtQuantity(line.quantity)}</td>
        <td>{unitLabel(line.unit)}</td>
        <td className="right">
          {fmtAmount(line.netPrice)}
          {line.priceBaseQuantity && Number(line.priceBaseQuantity) !== 1 ? (
            <span className="muted small"> / {fmtQuantity(line.priceBaseQuantity)}</span>
          ) : null}
        </td>
        <td className="right">{line.taxRate !== null ? `${line.taxRate}%` : ''}</td>
        <td className="right">{fmtAmount(line.lineTotal)}</td>
      </tr>
      {line.subLines.map((s, k) => (
        <LineRows key={k} line={s} depth={depth + 1} />
      ))}
    </>
  );
}

/** The invoice as its XML states it, in place of a page image. */
export function EInvoiceDocument({ view }: { view: EInvoiceView }) {
  const inv = view.invoice;
  const t = inv.totals;
  const cur = inv.currency ?? '';
  const nonZero = (v: string | null) => v !== null && Number(v) !== 0;
  const totals: Array<[string, string | null, boolean?]> = [
    ['Sum of lines', t.lineTotal !== null ? fmtAmount(t.lineTotal) : null],
    ['Allowances', nonZero(t.allowanceTotal) ? `−${fmtAmount(t.allowanceTotal)}` : null],
    ['Charges', nonZero(t.chargeTotal) ? fmtAmount(t.chargeTotal) : null],
    ['Net total', t.netTotal !== null ? fmtAmount(t.netTotal) : null],
    ['VAT', t.taxTotal !== null ? fmtAmount(t.taxTotal) : null],
    ['Grand total', t.grandTotal !== null ? fmtAmount(t.grandTotal) : null, true],
    ['Prepaid', nonZero(t.prepaid) ? `−${fmtAmount(t.prepaid)}` : null],
    ['Rounding', nonZero(t.rounding) ? fmtAmount(t.rounding) : null],
    ['Amount due', t.payable !== null ? fmtAmount(t.payable) : null, true],
  ];
  return (
    <div className="einv" data-einvoice>
      <div className="einv-head">
        <div>
          <div className="einv-title">
            {inv.creditNote ? 'Credit note' : 'Invoice'} {inv.number ?? ''}
          </div>
          <div className="muted small">{describe(view)}</div>
        </div>
        <span className="spacer" />
        <SaveXmlButton view={view} />
      </div>
      <dl className="einv-facts">
        <dt>Issue date</dt>
        <dd>{fmtDay(inv.issueDate) || '—'}</dd>
        {inv.dueDate ? (
          <>
            <dt>Due</dt>
            <dd>{fmtDay(inv.dueDate)}</dd>
          </>
        ) : null}
        <dt>Currency</dt>
        <dd>{inv.currency ?? '—'}</dd>
        {inv.orderReference ? (
          <>
            <dt>Order</dt>
            <dd>{inv.orderReference}</dd>
          </>
        ) : null}
        {inv.buyerReference ? (
          <>
            <dt>Buyer reference</dt>
            <dd>{inv.buyerReference}</dd>
          </>
        ) : null}
      </dl>
      <div className="einv-parties">
        <Party title="Seller" party={inv.seller} />
        <Party title="Buyer" party={inv.buyer} />
      </div>
      {inv.lines.length ? (
        <table className="lines einv-lines" data-einvoice-lines>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th className="right">Qty</th>
              <th>Unit</th>
              <th className="right">Net price</th>
              <th className="right">VAT</th>
              <th className="right">Total</th>
            </tr>
          </thead>
          <tbody>
            {inv.lines.map((l, k) => (
              <LineRows key={k} line={l} depth={0} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">No invoice lines: the {inv.profile ?? ''} profile carries the totals only.</p>
      )}
      {inv.allowanceCharges.length ? (
        <table className="lines">
          <tbody>
            {inv.allowanceCharges.map((a, k) => (
              <tr key={k}>
                <td>{a.charge ? 'Charge' : 'Allowance'}</td>
                <td>{a.reason}</td>
                <td className="right">{a.taxRate !== null ? `VAT ${a.taxRate}%` : ''}</td>
                <td className="right">
                  {a.charge ? '' : '−'}
                  {fmtAmount(a.amount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="einv-bottom">
        {inv.taxes.length ? (
          <table className="lines einv-tax" data-einvoice-tax>
            <thead>
              <tr>
                <th>VAT</th>
                <th className="right">Rate</th>
                <th className="right">Basis</th>
                <th className="right">Amount</th>
              </tr>
            </thead>
            <tbody>
              {inv.taxes.map((x, k) => (
                <tr key={k}>
                  <td title={x.exemptionReason ?? undefined}>
                    {x.category}
                    {x.exemptionReason ? <div className="muted small">{x.exemptionReason}</div> : null}
                  </td>
                  <td className="right">{x.rate !== null ? `${x.rate}%` : ''}</td>
                  <td className="right">{fmtAmount(x.basis)}</td>
                  <td className="right">{fmtAmount(x.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <span />
        )}
        <table className="lines einv-totals" data-einvoice-totals>
          <tbody>
            {totals
              .filter(([, v]) => v !== null)
              .map(([label, v, strong]) => (
                <tr key={label} className={strong ? 'strong' : ''}>
                  <td>{label}</td>
                  <td className="right">
                    {v} {cur}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {inv.payment.accounts.length || inv.payment.terms ? (
        <div className="einv-payment small">
          <div className="muted">Payment</div>
          {inv.payment.accounts.map((a, k) => (
            <div key={k}>{[a.iban ? `IBAN ${a.iban}` : null, a.bic ? `BIC ${a.bic}` : null, a.name].filter(Boolean).join(' · ')}</div>
          ))}
          {inv.payment.terms ? <div>{inv.payment.terms}</div> : null}
        </div>
      ) : null}
      {inv.notes.length ? (
        <div className="einv-notes small">
          <div className="muted">Notes</div>
          {inv.notes.map((n, k) => (
            <div key={k}>{n}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The viewer's place for an XML-only document: the invoice, or what stopped it from being read. */
export function EInvoiceViewer({ documentId, finishedAt, reason }: { documentId: number; finishedAt: unknown; reason: string | null }) {
  const view = useEInvoice(documentId, finishedAt);
  return (
    <div className="viewer einv-viewer">
      <div className="viewer-scroll">
        {view === undefined ? (
          <div className="muted">Loading…</div>
        ) : view ? (
          <EInvoiceDocument view={view} />
        ) : (
          <div className="no-image muted">{reason ?? 'This XML file has not been read as an e-invoice.'}</div>
        )}
      </div>
    </div>
  );
}

/** In the fields panel of a hybrid PDF: the strip, when the PDF carries an invoice XML. */
export function EInvoiceStripFor({ documentId, finishedAt }: { documentId: number; finishedAt: unknown }) {
  const view = useEInvoice(documentId, finishedAt);
  return view ? <EInvoiceStrip view={view} /> : null;
}
