/** Amounts in whole cents, so that sums are compared exactly ("to the cent") and never as floats. */

/** A normalised amount ('.' decimals) or a number as cents; null when absent or not a number. */
export function cents(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** 1234 -> "12.34", -5 -> "-0.05": figures in messages as printed on a document. */
export function fmt(c: number): string {
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/**
 * Cash rounding: tills in countries without small coins round the amount due to 0.05 (Malaysia, Switzerland,
 * Australia, the Netherlands...). When no rounding line was read, a difference below 0.05 that lands the total on
 * a multiple of 0.05 is that rounding, not a misread figure.
 */
export function isCashRounding(expected: number, total: number): boolean {
  return total % 5 === 0 && Math.abs(expected - total) < 5 && expected !== total;
}

/** How two cent amounts agree: exactly, through the printed rounding line, or through cash rounding. */
export function agree(expected: number, total: number, rounding: number | null): 'exact' | 'rounding-line' | 'cash-rounding' | null {
  if (expected === total) return 'exact';
  if (rounding !== null && expected + rounding === total) return 'rounding-line';
  if (rounding === null && isCashRounding(expected, total)) return 'cash-rounding';
  return null;
}
