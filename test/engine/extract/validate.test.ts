import { describe, expect, it } from 'vitest';
import type { ExtractedField, FieldName, LineItem } from '../../../src/contract/domain.js';
import { validateExtraction } from '../../../src/engine/extract/validate.js';

const f = (name: FieldName, value: string | null, confidence = 0.9): ExtractedField => ({
  name,
  value,
  raw: value,
  confidence,
  source: null,
  origin: 'llm',
});
const base = (): ExtractedField[] => [
  f('vendor_name', 'Acme'),
  f('document_number', 'INV-1'),
  f('issue_date', '2024-03-01'),
  f('due_date', '2024-03-31'),
  f('currency', 'EUR'),
  f('subtotal', '100.00'),
  f('tax', '19.00'),
  f('total', '119.00'),
];
const now = new Date('2024-06-01T00:00:00Z');
const codes = (fields: ExtractedField[], items: LineItem[] = [], docType: 'invoice' | 'receipt' | 'credit_note' = 'invoice') =>
  validateExtraction(fields, items, { docType, now }).issues.map((i) => i.code);

describe('validateExtraction', () => {
  it('passes a consistent invoice', () => {
    const r = validateExtraction(
      base(),
      [
        { description: 'a', quantity: 1, unitPrice: 60, amount: 60 },
        { description: 'b', quantity: 2, unitPrice: 20, amount: 40 },
      ],
      { docType: 'invoice', now },
    );
    expect(r.issues).toEqual([]);
    expect(r.needsReview).toBe(false);
    expect(r.confidence).toBe(0.9);
  });

  it('flags subtotal + tax ≠ total, allowing rounding', () => {
    const off = base().map((x) => (x.name === 'total' ? f('total', '120.00') : x));
    expect(codes(off)).toContain('totals_mismatch');
    const cent = base().map((x) => (x.name === 'total' ? f('total', '119.01') : x));
    expect(codes(cent)).not.toContain('totals_mismatch');
  });

  it('flags line items that do not add up to the subtotal', () => {
    const items: LineItem[] = [
      { description: 'a', quantity: 1, unitPrice: 50, amount: 50 },
      { description: 'b', quantity: 1, unitPrice: 20, amount: 20 },
    ];
    expect(codes(base(), items)).toContain('line_items_mismatch');
  });

  it('flags due before issue and dates in the future', () => {
    const due = base().map((x) => (x.name === 'due_date' ? f('due_date', '2024-02-01') : x));
    expect(codes(due)).toContain('due_before_issue');
    const future = base().map((x) =>
      x.name === 'issue_date' ? f('issue_date', '2025-03-01') : x.name === 'due_date' ? f('due_date', '2025-04-01') : x,
    );
    expect(codes(future)).toContain('date_in_future');
    const bad = base().map((x) => (x.name === 'issue_date' ? f('issue_date', '03/01/2024') : x));
    expect(codes(bad)).toContain('invalid_date');
  });

  it('requires the document number on invoices but not on receipts', () => {
    const noNumber = base().filter((x) => x.name !== 'document_number');
    const inv = validateExtraction(noNumber, [], { docType: 'invoice', now });
    expect(inv.issues).toContainEqual(expect.objectContaining({ field: 'document_number', code: 'missing', severity: 'error' }));
    expect(inv.needsReview).toBe(true);
    expect(inv.confidence).toBe(0);
    expect(codes(noNumber, [], 'receipt')).not.toContain('missing');
  });

  it('sends low-confidence required fields to review with the reason', () => {
    const low = base().map((x) => (x.name === 'total' ? f('total', '119.00', 0.4) : x));
    const r = validateExtraction(low, [], { docType: 'invoice', now });
    expect(r.needsReview).toBe(true);
    expect(r.issues).toContainEqual(expect.objectContaining({ field: 'total', code: 'low_confidence' }));
    expect(validateExtraction(low, [], { docType: 'invoice', now, reviewThreshold: 0.3 }).needsReview).toBe(false);
  });

  it('rejects values that are not numbers, ISO dates or ISO currencies (an LLM answer checked the same way)', () => {
    const junk = base().map((x) => (x.name === 'total' ? f('total', 'about 120') : x.name === 'currency' ? f('currency', 'euro') : x));
    expect(codes(junk)).toEqual(expect.arrayContaining(['not_a_number', 'invalid_currency']));
  });

  it('accepts a negative total on a credit note only', () => {
    const neg = base().map((x) =>
      x.name === 'subtotal'
        ? f('subtotal', '-100.00')
        : x.name === 'tax'
          ? f('tax', '-19.00')
          : x.name === 'total'
            ? f('total', '-119.00')
            : x,
    );
    expect(codes(neg, [], 'credit_note')).toEqual([]);
    expect(codes(neg, [], 'invoice')).toContain('negative_total');
  });
});
