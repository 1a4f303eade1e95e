import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../../src/contract/domain.js';
import { openDb } from '../../../src/engine/store/db.js';
import { getDocumentDetail } from '../../../src/engine/store/document-detail.js';
import { writeExtraction } from '../../../src/engine/store/extraction.js';
import { updateField } from '../../../src/engine/store/fields.js';

const dir = mkdtempSync(join(tmpdir(), 'docket-evidence-'));
const db = openDb(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
db.prepare("INSERT INTO batches (id, name, created_at) VALUES (1, 'b', 1)").run();
db.prepare(
  "INSERT INTO documents (id, batch_id, path, name, status, queued_at) VALUES (1, 1, '/in/r.jpg', 'r.jpg', 'processing', 1)",
).run();

const box = { x0: 410, y0: 1210, x1: 480, y1: 1236 };
const extraction = (total: string, failed: boolean): ExtractionResult => ({
  docType: 'receipt',
  docTypeConfidence: 0.9,
  fields: [
    {
      name: 'total',
      value: total,
      raw: total,
      confidence: 0.8,
      source: { page: 0, start: 120, end: 125, boxes: [box] },
      origin: 'rules',
      evidence: {
        rules: ['total.label-same-line'],
        checksPassed: ['total.cash-change'],
        checksFailed: failed ? ['sum.lines-subtotal'] : [],
      },
    },
    {
      name: 'vendor_name',
      value: 'Kedai Maju',
      raw: 'KEDAI MAJU',
      confidence: 0.9,
      source: { page: 0, start: 0, end: 10 },
      origin: 'rules',
      evidence: { rules: ['vendor.memory-name'], checksPassed: [], checksFailed: [], learnedFrom: 3 },
    },
    { name: 'tax', value: null, raw: null, confidence: 0, source: null, origin: 'rules' },
  ],
  lineItems: [],
  issues: [],
  checks: [
    { id: 'total.cash-change', passed: true, fields: ['total'], message: 'cash 50.00 - change 20.85 = total 29.15' },
    ...(failed
      ? [
          {
            id: 'sum.lines-subtotal',
            passed: false,
            fields: ['line_items' as const, 'total' as const],
            message: 'lines sum to 25.15, total is 29.15',
          },
        ]
      : []),
  ],
  confidence: 0.8,
  needsReview: failed,
});

describe('stored evidence', () => {
  it('returns each field with its box, rule ids and checks, and the document with every check in order', () => {
    writeExtraction(db, 1, extraction('29.15', true));
    const d = getDocumentDetail(db, 1)!;
    const total = d.fields.find((f) => f.name === 'total')!;
    expect(total.source).toEqual({ page: 0, start: 120, end: 125, boxes: [box] });
    expect(total.evidence).toEqual({
      rules: ['total.label-same-line'],
      checksPassed: ['total.cash-change'],
      checksFailed: ['sum.lines-subtotal'],
    });
    expect(d.fields.find((f) => f.name === 'vendor_name')!.evidence).toEqual({
      rules: ['vendor.memory-name'],
      checksPassed: [],
      checksFailed: [],
      learnedFrom: 3,
    });
    expect(d.fields.find((f) => f.name === 'tax')!.evidence).toBeNull();
    expect(d.checks?.map((c) => [c.id, c.passed])).toEqual([
      ['total.cash-change', true],
      ['sum.lines-subtotal', false],
    ]);
    expect(d.checks?.[1]?.fields).toEqual(['line_items', 'total']);
  });

  it('a re-extraction replaces evidence and checks; a clerk-edited value carries no machine evidence', () => {
    writeExtraction(db, 1, extraction('25.15', false));
    let d = getDocumentDetail(db, 1)!;
    expect(d.fields.find((f) => f.name === 'total')!.evidence?.checksFailed).toEqual([]);
    expect(d.checks?.map((c) => c.id)).toEqual(['total.cash-change']);
    updateField(db, 1, 'total', '25.15');
    updateField(db, 1, 'total', '25.50');
    d = getDocumentDetail(db, 1)!;
    const total = d.fields.find((f) => f.name === 'total')!;
    expect(total.origin).toBe('user');
    expect(total.evidence).toBeNull();
  });
});
