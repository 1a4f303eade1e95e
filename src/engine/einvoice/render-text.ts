/**
 * A plain-text rendering of an XML-only invoice: stored as the document's one page of text, so search finds
 * it by any party, item or amount, exports that carry page text have it, and `docket show` can print it.
 */
import { unitLabel, type EInvoice, type EInvoiceLine, type EInvoiceParty } from '../../contract/schemas/einvoice.js';

function partyLines(title: string, p: EInvoiceParty | null): string[] {
  if (!p) return [];
  const a = p.address;
  return [
    `${title}: ${p.name ?? '(no name)'}${p.tradingName ? ` (${p.tradingName})` : ''}`,
    ...(a ? [...a.street, [a.postcode, a.city].filter(Boolean).join(' '), [a.subdivision, a.country].filter(Boolean).join(' ')] : []),
    p.vatId ? `VAT id: ${p.vatId}` : '',
    ...p.taxIds,
    ...p.ids.map((i) => `id: ${i}`),
    [p.contact, p.email, p.phone].filter(Boolean).join(', '),
  ].filter((s) => s.trim());
}

function lineText(l: EInvoiceLine, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const qty = l.quantity ? `${l.quantity} ${unitLabel(l.unit)}`.trim() : '';
  const price = l.netPrice
    ? `at ${l.netPrice}${l.priceBaseQuantity && Number(l.priceBaseQuantity) !== 1 ? ` per ${l.priceBaseQuantity}` : ''}`
    : '';
  const tax = l.taxRate ? `VAT ${l.taxRate}%` : '';
  const head = [l.id ? `${l.id}.` : '', l.sellerItemId ? `[${l.sellerItemId}]` : '', l.name ?? ''].filter(Boolean).join(' ');
  return [
    `${pad}${head}: ${[qty, price, tax].filter(Boolean).join(', ')} = ${l.lineTotal ?? '?'}`,
    ...(l.description && l.description !== l.name ? [`${pad}  ${l.description}`] : []),
    ...l.subLines.flatMap((s) => lineText(s, depth + 1)),
  ];
}

export function renderInvoiceText(inv: EInvoice): string {
  const cur = inv.currency ?? '';
  const money = (label: string, v: string | null) => (v ? [`${label}: ${v} ${cur}`.trim()] : []);
  const t = inv.totals;
  return [
    `${inv.creditNote ? 'Credit note' : 'Invoice'} ${inv.number ?? ''} (${inv.syntax}${inv.profile ? `, ${inv.profile}` : ''}, type ${inv.typeCode ?? '?'})`,
    `Issue date: ${inv.issueDate ?? '-'}${inv.dueDate ? `, due ${inv.dueDate}` : ''}`,
    ...(inv.orderReference ? [`Order: ${inv.orderReference}`] : []),
    ...(inv.buyerReference ? [`Buyer reference: ${inv.buyerReference}`] : []),
    '',
    ...partyLines('Seller', inv.seller),
    '',
    ...partyLines('Buyer', inv.buyer),
    '',
    ...(inv.lines.length
      ? ['Lines:', ...inv.lines.flatMap((l) => lineText(l, 1))]
      : ['No invoice lines (this profile carries totals only).']),
    '',
    ...inv.allowanceCharges.map((a) => `${a.charge ? 'Charge' : 'Allowance'}: ${a.amount ?? '?'} ${cur} ${a.reason ?? ''}`.trim()),
    ...inv.taxes.map(
      (x) =>
        `VAT ${x.category ?? ''} ${x.rate ?? '?'}% on ${x.basis ?? '?'} = ${x.amount ?? '?'} ${cur}${x.exemptionReason ? ` (${x.exemptionReason})` : ''}`,
    ),
    ...money('Sum of lines', t.lineTotal),
    ...money('Net total', t.netTotal),
    ...money('VAT total', t.taxTotal),
    ...money('Grand total', t.grandTotal),
    ...money('Prepaid', t.prepaid && Number(t.prepaid) !== 0 ? t.prepaid : null),
    ...money('Rounding', t.rounding && Number(t.rounding) !== 0 ? t.rounding : null),
    ...money('Amount due', t.payable),
    '',
    ...inv.payment.accounts.map(
      (a) => `Pay to: ${[a.iban ? `IBAN ${a.iban}` : '', a.bic ? `BIC ${a.bic}` : '', a.name ?? ''].filter(Boolean).join(', ')}`,
    ),
    ...(inv.payment.terms ? [`Terms: ${inv.payment.terms}`] : []),
    ...inv.notes.map((n) => `Note: ${n}`),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
