// one formatter for every amount: toLocaleString with options builds a new one on each call (thousands of cells a second while the table scrolls)
const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export function fmtMoney(v: number | null | undefined, currency?: string | null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return money.format(v) + (currency ? '' : '');
}
// An exact decimal as the XML or a field states it ("10555.3", "1340"): grouped and with cents, as a clerk reads money;
// more decimals only where the value has them (a unit price of 0.1234). A quantity keeps only the decimals it has.
/** `locale` undefined is the clerk's own (the browser's, the OS's in the desktop app); tests pass one. */
export function amountFormatter(
  locale?: string,
  kind: 'amount' | 'quantity' = 'amount',
): (v: string | number | null | undefined) => string {
  const nf = new Intl.NumberFormat(locale, { minimumFractionDigits: kind === 'amount' ? 2 : 0, maximumFractionDigits: 6 });
  return (v) => {
    if (v === null || v === undefined || v === '') return '';
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? nf.format(n) : String(v);
  };
}
export const fmtAmount = amountFormatter();
export const fmtQuantity = amountFormatter(undefined, 'quantity');

// A calendar day (ISO "2014-08-03", how the engine stores it) in the clerk's locale: 03/08/2014, 08/03/2014, 03.08.2014.
// Formatted in UTC, so a day never shifts by the time zone; anything not an ISO day is shown as it is.
export function dayFormatter(locale?: string): (iso: string | null | undefined) => string {
  const df = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  return (iso) => {
    if (!iso) return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return iso;
    const d = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
    d.setUTCFullYear(Number(m[1])); // Date.UTC reads years 0-99 as 1900-1999
    return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) ? iso : df.format(d);
  };
}
export const fmtDay = dayFormatter();

export function fmtUsd(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v === 0) return '$0.00';
  if (v < 0.01) return `$${v.toFixed(4)}`;
  return `$${v.toFixed(2)}`;
}
export function fmtPct(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return `${Math.round(v * 100)}%`;
}
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
export function fmtDate(ms: number | null | undefined): string {
  if (!ms) return '';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
/**
 * Colour only where something is uncertain or wrong: red under 60% (the review threshold's default), amber under 80%,
 * plain text otherwise (a sure value needs no green; colour everywhere says nothing).
 */
export function doubtClass(c: number | null | undefined): string {
  if (c === null || c === undefined) return 'conf-none';
  if (c >= 0.8) return '';
  if (c >= 0.6) return 'conf-mid';
  return 'conf-low';
}

export function confClass(c: number | null | undefined): string {
  if (c === null || c === undefined) return 'conf-none';
  if (c >= 0.9) return 'conf-high';
  if (c >= 0.7) return 'conf-mid';
  return 'conf-low';
}
export const STATUS_LABEL: Record<string, string> = {
  queued: 'Queued',
  processing: 'Processing',
  done: 'Done',
  needs_review: 'Needs review',
  failed: 'Failed',
  skipped: 'Skipped',
  ingesting: 'Ingesting',
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
};
export const TYPE_LABEL: Record<string, string> = {
  invoice: 'Invoice',
  receipt: 'Receipt',
  purchase_order: 'Purchase order',
  credit_note: 'Credit note',
  other: 'Other',
};
/** Extraction modes in a clerk's words (the settings' own select says the same). */
export const EXTRACT_LABEL: Record<string, string> = {
  rules: 'Rules only',
  'llm-review': 'Rules + LLM review',
  'llm-all': 'LLM for all',
};
export const FIELD_LABEL: Record<string, string> = {
  vendor_name: 'Vendor',
  vendor_tax_id: 'Vendor tax ID',
  document_number: 'Number',
  po_number: 'PO number',
  issue_date: 'Issue date',
  due_date: 'Due date',
  currency: 'Currency',
  subtotal: 'Subtotal',
  tax: 'Tax',
  total: 'Total',
  doc_type: 'Type',
};
