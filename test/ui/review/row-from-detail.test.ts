import { describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../../src/contract/domain.js';
import type { ReviewRow } from '../../../src/contract/engine-api.js';
import { rowFromDetail } from '../../../src/ui/review/row-from-detail.js';

describe('a grid row refreshed from a document detail', () => {
  const before = {
    id: 5,
    name: 'inv.pdf',
    status: 'needs_review',
    cells: { vendor_name: { value: 'Old', confidence: 0.5, origin: 'rules', flags: ['stale flag'] } },
    issues: [{ field: null, message: 'old document issue' }],
    duplicates: [{ id: 6, name: 'copy.pdf', why: 'same number' }],
    vendor: 'Old',
    docNumber: null,
    issueDate: null,
    total: null,
    currency: null,
    reviewedAt: null,
  } as unknown as ReviewRow;
  const detail = {
    id: 5,
    vendor: 'New Co',
    docNumber: 'A-1',
    issueDate: '2026-03-01',
    total: 10,
    currency: 'EUR',
    reviewedAt: 123,
    fields: [
      { name: 'vendor_name', value: 'New Co', confidence: 1, origin: 'user' },
      { name: 'total', value: '10.00', confidence: 0.8, origin: 'rules' },
    ],
    issues: [
      { field: 'total', message: 'total does not add up' },
      { field: 'due_date', message: 'due before issue' },
      { field: null, message: 'no date' },
      { field: 'line_items', message: 'lines do not sum' },
    ],
  } as unknown as DocumentDetail;

  const after = rowFromDetail(before, detail);

  it('takes values, confidences and origins from the fields, with no stale flags', () => {
    expect(after.cells.vendor_name).toEqual({ value: 'New Co', confidence: 1, origin: 'user', flags: [] });
    expect(after.cells.total).toEqual({ value: '10.00', confidence: 0.8, origin: 'rules', flags: ['total does not add up'] });
  });

  it('puts a field issue on its cell, even when the field has no value', () => {
    expect(after.cells.due_date).toEqual({ value: null, confidence: null, origin: null, flags: ['due before issue'] });
  });

  it('keeps document-level and line-item issues on the row, and the row’s own name and duplicates', () => {
    expect(after.issues.map((i) => i.message)).toEqual(['no date', 'lines do not sum']);
    expect(after.name).toBe('inv.pdf');
    expect(after.duplicates).toBe(before.duplicates);
    expect([after.vendor, after.docNumber, after.total, after.currency, after.reviewedAt]).toEqual(['New Co', 'A-1', 10, 'EUR', 123]);
  });
});
