/**
 * Values of each kind of field, located and read the way vendor memory needs: where a known value is printed in a
 * line (learning), and the first value of a kind printed after a point (applying a learned label). Amounts and
 * dates are read by the extraction core's own token readers, so a learned hint never reads money differently.
 */
import type { FieldName } from '../../contract/domain.js';
import { findAmounts, formatAmount, type DecimalMark } from '../extract/amounts.js';
import { findDateTokens, resolveDate, type DateOrder } from '../extract/dates.js';

export type ValueKind = 'amount' | 'date' | 'code';

const KINDS: Partial<Record<FieldName, ValueKind>> = {
  subtotal: 'amount',
  tax: 'amount',
  total: 'amount',
  issue_date: 'date',
  due_date: 'date',
  document_number: 'code',
  po_number: 'code',
  vendor_tax_id: 'code',
};

/** The kind of value a field holds, or null for fields vendor memory does not learn by label (name, currency). */
export function valueKind(field: FieldName): ValueKind | null {
  return KINDS[field] ?? null;
}

/** An identifier's shape: letters as A, digits as 9, runs collapsed ("RB-2026-0001" → "A-9-9"). */
export function codeShape(value: string): string {
  return value
    .toUpperCase()
    .replace(/[A-Z]+/g, 'A')
    .replace(/\d+/g, '9')
    .replace(/\s+/g, '');
}

export interface Found {
  start: number;
  end: number;
  raw: string;
  value: string;
  /** Dates: the order that read it; identifiers: their shape. */
  shape: string | null;
}

const CODE_RE = /[A-Za-z0-9][A-Za-z0-9\-/._]*[A-Za-z0-9]|[A-Za-z0-9]/g;

/** "19%" is a rate, not money. */
const isRate = (text: string, end: number) => /^\s?%/.test(text.slice(end, end + 2));

/** Every place in a line where the given (normalised) value is printed. */
export function occurrences(kind: ValueKind, text: string, value: string, decimal?: DecimalMark): Found[] {
  const out: Found[] = [];
  if (kind === 'amount') {
    const want = Number(value);
    if (!Number.isFinite(want)) return out;
    for (const t of findAmounts(text, decimal))
      if (!isRate(text, t.end) && Math.abs(Math.abs(t.value) - Math.abs(want)) < 0.005)
        out.push({ start: t.start, end: t.end, raw: t.raw, value, shape: null });
  } else if (kind === 'date') {
    for (const t of findDateTokens(text)) {
      const orders = (['DMY', 'MDY'] as DateOrder[]).filter((o) => resolveDate(t, o) === value);
      if (!orders.length) continue;
      // the order that read it; a day above 12 settles it even where either order would parse the token
      const shape =
        t.kind === 'ymd'
          ? 'YMD'
          : t.kind === 'named'
            ? null
            : t.a > 12
              ? 'DMY'
              : t.b > 12
                ? 'MDY'
                : orders.length === 1
                  ? orders[0]!
                  : null;
      out.push({ start: t.start, end: t.end, raw: t.raw, value, shape });
    }
  } else {
    const want = value.toUpperCase().replace(/\s+/g, '');
    if (!want) return out;
    CODE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CODE_RE.exec(text))) {
      const tok = m[0].toUpperCase();
      if (tok === want || tok.replace(/[^A-Z0-9]/g, '') === want.replace(/[^A-Z0-9]/g, ''))
        out.push({ start: m.index, end: m.index + m[0].length, raw: m[0], value, shape: codeShape(value) });
    }
  }
  return out;
}

/** The first value of a kind printed in `text` from `from` on (within a short reach: a label's value is close to it). */
export function readAfter(
  kind: ValueKind,
  text: string,
  from: number,
  opts: { decimal?: DecimalMark; order?: string | null; reach?: number } = {},
): Found | null {
  const reach = opts.reach ?? 60;
  const slice = text.slice(from, from + reach);
  const at = (f: Omit<Found, 'start' | 'end'> & { start: number; end: number }): Found => ({
    ...f,
    start: f.start + from,
    end: f.end + from,
  });
  if (kind === 'amount') {
    const t = findAmounts(slice, opts.decimal).find((a) => !isRate(slice, a.end));
    return t ? at({ start: t.start, end: t.end, raw: t.raw, value: formatAmount(Math.abs(t.value)), shape: null }) : null;
  }
  if (kind === 'date') {
    const t = findDateTokens(slice)[0];
    if (!t) return null;
    const order: DateOrder = opts.order === 'MDY' ? 'MDY' : 'DMY';
    const iso = resolveDate(t, order);
    return iso ? at({ start: t.start, end: t.end, raw: t.raw, value: iso, shape: t.kind === 'ymd' ? 'YMD' : order }) : null;
  }
  CODE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CODE_RE.exec(slice))) {
    // an identifier has a digit in it; words between the label and the value ("Nr.", "No") are skipped
    if (!/\d/.test(m[0])) continue;
    return at({ start: m.index, end: m.index + m[0].length, raw: m[0], value: m[0], shape: codeShape(m[0]) });
  }
  return null;
}
