import { describe, expect, it } from 'vitest';
import type { CheckOutcome, ExtractedField } from '../../../src/contract/domain.js';
import { calibrate, confirming, decideStatus, doubting, keyFields } from '../../../src/engine/extract/status.js';

const field = (
  name: ExtractedField['name'],
  value: string,
  confidence = 0.9,
  evidence: Partial<NonNullable<ExtractedField['evidence']>> = {},
): ExtractedField => ({
  name,
  value,
  raw: value,
  confidence,
  source: { page: 0, start: 0, end: 1 },
  origin: 'rules',
  evidence: { rules: [`${name}.label`], checksPassed: [], checksFailed: [], ...evidence },
});
const receipt = (total: ExtractedField, checks: CheckOutcome[] = []) =>
  decideStatus({
    docType: 'receipt',
    fields: [field('vendor_name', 'Kedai Contoh'), field('issue_date', '2023-05-01'), field('currency', 'MYR'), total],
    lineItems: [],
    checks,
    reviewThreshold: 0.6,
    now: new Date('2024-01-01'),
    dateOrderUnsettled: false,
  });

describe('status: done only with evidence and no failed check', () => {
  it('gives a document of no known kind no confidence: it has no key field to vouch for', () => {
    const s = decideStatus({
      docType: 'other',
      fields: [],
      lineItems: [],
      checks: [],
      reviewThreshold: 0.6,
      now: new Date('2024-01-01'),
      dateOrderUnsettled: false,
    });
    expect(s.confidence).toBe(0);
  });

  it('key fields: number too on invoices', () => {
    expect(keyFields('receipt')).toEqual(['vendor_name', 'issue_date', 'total', 'currency']);
    expect(keyFields('invoice')).toContain('document_number');
  });

  it('is done when the total is confirmed by an independent sum', () => {
    const pass: CheckOutcome = {
      id: 'sum.cash-change-total',
      passed: true,
      fields: ['total'],
      message: 'cash 20.00 - change 2.00 = total 18.00',
    };
    const s = receipt(field('total', '18.00', 0.95, { checksPassed: ['sum.cash-change-total'] }), [pass]);
    expect(s.needsReview).toBe(false);
  });

  it('is done when the card was charged the total on a line of its own (two printings read alike)', () => {
    const s = receipt(field('total', '61.65', 0.95, { rules: ['total.label-strong', 'total.paid-by-card'] }));
    expect(s.needsReview).toBe(false);
  });

  it('needs review when nothing but its label vouches for a receipt total', () => {
    const s = receipt(field('total', '18.00', 0.95));
    expect(s.needsReview).toBe(true);
    expect(s.issues.map((i) => i.code)).toContain('total_unconfirmed');
  });

  it('lists a failed check on a key field as a reason with its figures', () => {
    const fail: CheckOutcome = {
      id: 'sum.lines-total',
      passed: false,
      fields: ['line_items', 'total'],
      message: '3 lines sum to 25.15, but total is 29.15',
    };
    const s = receipt(field('total', '29.15', 0.95, { checksFailed: ['sum.lines-total'] }), [fail]);
    expect(s.needsReview).toBe(true);
    expect(s.issues.find((i) => i.code === 'check:sum.lines-total')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('25.15'),
    });
  });

  it('a total read by OCR needs a second figure on an invoice too', () => {
    const inv = (ocr: boolean) =>
      decideStatus({
        docType: 'invoice',
        fields: [
          field('vendor_name', 'Acme'),
          field('document_number', 'A-1'),
          field('issue_date', '2023-05-01'),
          field('currency', 'EUR'),
          field('total', '10.00'),
        ],
        lineItems: [],
        checks: [],
        reviewThreshold: 0.6,
        now: new Date('2024-01-01'),
        dateOrderUnsettled: false,
        ocr,
      });
    expect(inv(false).needsReview).toBe(false);
    expect(inv(true).issues.map((i) => i.code)).toContain('total_unconfirmed');
  });

  it('needs review when a key field is missing, and says which', () => {
    const s = decideStatus({
      docType: 'invoice',
      fields: [field('vendor_name', 'Acme'), field('issue_date', '2023-05-01'), field('currency', 'EUR'), field('total', '10.00')],
      lineItems: [],
      checks: [],
      reviewThreshold: 0.6,
      now: new Date('2024-01-01'),
      dateOrderUnsettled: false,
    });
    expect(s.issues).toContainEqual(expect.objectContaining({ field: 'document_number', code: 'missing' }));
  });
});

describe('calibration', () => {
  it('raises a confirmed value, caps a contradicted one and one OCR was unsure of', () => {
    expect(calibrate(0.6, 1, 0)).toBeGreaterThanOrEqual(0.85);
    expect(calibrate(0.95, 0, 1)).toBeLessThanOrEqual(0.4);
    expect(calibrate(0.95, 0, 0, 0.3)).toBeLessThanOrEqual(0.5);
    expect(calibrate(0.95, 1, 0, 0.3)).toBeGreaterThan(0.85);
  });

  it("holds each field's OCR characters to the reliability measured for that field", () => {
    // a date read from words OCR gave 0.8 is not vouched for (dates need 0.9); a name needs 0.85; others 0.5
    expect(calibrate(0.8, 0, 0, 0.8, 'issue_date')).toBeLessThanOrEqual(0.5);
    expect(calibrate(0.8, 0, 0, 0.8, 'vendor_name')).toBeLessThanOrEqual(0.5);
    expect(calibrate(0.8, 0, 0, 0.8, 'document_number')).toBe(0.8);
    // a date read clearly is raised to what such readings measured, a second printing read alike vouches too
    expect(calibrate(0.55, 0, 0, 0.95, 'issue_date')).toBeGreaterThanOrEqual(0.7);
    expect(calibrate(0.8, 0, 0, 0.6, 'issue_date', true)).toBe(0.8);
    // a clear reading does not lift a value a check contradicts
    expect(calibrate(0.55, 0, 1, 0.95, 'issue_date')).toBeLessThanOrEqual(0.4);
  });

  it('counts sums and checksums as confirmation, plausibility checks not', () => {
    expect(confirming('sum.subtotal-tax-total')).toBe(true);
    expect(confirming('id.iban-mod97')).toBe(true);
    expect(confirming('sum.tax-rate')).toBe(false);
    expect(confirming('vendor.mostly-letters')).toBe(false);
  });

  it('a line sum that fails beside a total confirmed by cash - change casts no doubt on it', () => {
    expect(doubting(['sum.cash-change-total'], ['sum.lines-total'])).toEqual([]);
    expect(doubting([], ['sum.lines-total'])).toEqual(['sum.lines-total']);
    // a total read alike from two total lines: a line sum or a payment that fails points at a misread line
    expect(doubting([], ['sum.lines-total', 'sum.cash-change-total'], ['total.label-strong', 'total.two-total-lines'])).toEqual([]);
    expect(doubting([], ['sum.lines-total'], ['total.label-strong', 'total.printed-twice'])).toEqual(['sum.lines-total']);
  });
});
