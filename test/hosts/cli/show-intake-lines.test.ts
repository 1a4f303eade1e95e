import { describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../../src/contract/domain.js';
import { intakeLines } from '../../../src/hosts/cli/documents.js';

const base = { source: null, parts: [], duplicate: null } as unknown as DocumentDetail;

describe('docket show: intake lines', () => {
  it('lists the parts of a split file with their pages', () => {
    const d = {
      ...base,
      parts: [
        {
          id: 11,
          name: 'scan (p1-2).pdf',
          origin: 'split-part',
          status: 'done',
          firstPage: 1,
          lastPage: 2,
          vendor: 'ACME',
          docNumber: 'A-1',
          total: 10,
        },
        {
          id: 12,
          name: 'scan (p3).pdf',
          origin: 'split-part',
          status: 'needs_review',
          firstPage: 3,
          lastPage: 3,
          vendor: null,
          docNumber: null,
          total: null,
        },
      ],
    } as DocumentDetail;
    expect(intakeLines(d)).toEqual([
      '  parts  2',
      '    #11     done         pages 1-2  scan (p1-2).pdf  ACME  A-1  10.00',
      '    #12     needs_review pages 3  scan (p3).pdf',
    ]);
  });

  it("names an attachment's e-mail and a possible duplicate's batch", () => {
    const d = {
      ...base,
      source: {
        origin: 'attachment',
        parentId: 4,
        parentName: 'march.eml',
        originName: 'invoice.pdf',
        firstPage: null,
        lastPage: null,
        email: { documentId: 4, sender: 'billing@acme.example', recipients: null, subject: 'March', sentAt: '2024-03-05T09:15:00.000Z' },
      },
      duplicate: { kind: 'possible', documentId: 2, name: 'inv.pdf', batchId: 1, batchName: 'January', why: 'same number and total' },
    } as DocumentDetail;
    expect(intakeLines(d)).toEqual([
      '  from   attachment "invoice.pdf" of #4 march.eml',
      '  e-mail from billing@acme.example, 2024-03-05T09:15:00.000Z: "March"',
      '  possible duplicate of #2 inv.pdf in batch 1 "January" (same number and total)',
    ]);
  });
});
