/** The review grid's extra filters (vendor, dates, amounts, confidence) as the UI holds them and as a query takes them. */

/** The review grid's own filters, beside the common ones (batch, text, status, type). */
export interface ReviewExtraFilter {
  vendor: string;
  dateFrom: string;
  dateTo: string;
  totalMin: string;
  totalMax: string;
  /** '' any, else a threshold as text ('0.9', '0.7'). */
  confidenceBelow: string;
}

export const noExtraFilter: ReviewExtraFilter = { vendor: '', dateFrom: '', dateTo: '', totalMin: '', totalMax: '', confidenceBelow: '' };

/** The extra filter as query fields (blank ones left out; amounts as typed with ',' or '.'). */
export function extraToQuery(f: ReviewExtraFilter) {
  const num = (s: string) => {
    const n = Number(s.trim().replace(',', '.'));
    return s.trim() && Number.isFinite(n) ? n : null;
  };
  return {
    vendor: f.vendor.trim() || null,
    dateFrom: f.dateFrom || null,
    dateTo: f.dateTo || null,
    totalMin: num(f.totalMin),
    totalMax: num(f.totalMax),
    confidenceBelow: f.confidenceBelow ? Number(f.confidenceBelow) : null,
  };
}
