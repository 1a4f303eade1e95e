/** The review grid's optional columns, its extra filters as a query, and where colour goes. */
import { describe, expect, it } from 'vitest';
import { doubtClass } from '../../../src/ui/format.js';
import { EDITABLE, gridLayout } from '../../../src/ui/review/grid-columns.js';
import { extraToQuery, noExtraFilter } from '../../../src/ui/review/review-filter.js';
import { defaultsToOptions, readDefaults } from '../../../src/ui/settings-keys.js';

describe('grid layout', () => {
  it('shows the base fields by default and puts optional ones beside their kin', () => {
    expect(gridLayout().fields).toEqual(EDITABLE);
    const all = gridLayout(new Set(['subtotal', 'po_number', 'vendor_tax_id', 'type', 'confidence']));
    expect(all.fields).toEqual([
      'vendor_name',
      'vendor_tax_id',
      'document_number',
      'po_number',
      'issue_date',
      'due_date',
      'subtotal',
      'total',
      'tax',
      'currency',
    ]);
    expect(all.extras).toEqual(['type', 'confidence']);
    // checkbox, file, status, ten fields, two extras, flags
    expect(all.template.match(/minmax\([^)]*\)|\d+px/g)).toHaveLength(16);
    expect(gridLayout().template.match(/minmax\([^)]*\)|\d+px/g)).toHaveLength(11);
  });

  it("says how narrow its rows may be: the sum of the columns' narrowest widths, small enough beside the page pane at 1366px", () => {
    const narrowest = (template: string) => [...template.matchAll(/(?:minmax\()?(\d+)px/g)].reduce((a, m) => a + Number(m[1]), 0);
    const base = gridLayout();
    expect(base.minWidth).toBe(narrowest(base.template));
    // 1366px less the sidebar (190), the screen's padding (44), the gap (10), a 300px page pane and a scrollbar (17)
    expect(base.minWidth).toBeLessThanOrEqual(1366 - 190 - 44 - 10 - 300 - 17);
    const all = gridLayout(new Set(['subtotal', 'po_number', 'vendor_tax_id', 'type', 'confidence']));
    expect(all.minWidth).toBe(narrowest(all.template));
    expect(all.minWidth).toBeGreaterThan(base.minWidth);
  });
});

describe('review filters', () => {
  it('leave blank fields out and read amounts with either decimal mark', () => {
    expect(extraToQuery(noExtraFilter)).toEqual({
      vendor: null,
      dateFrom: null,
      dateTo: null,
      totalMin: null,
      totalMax: null,
      confidenceBelow: null,
    });
    expect(
      extraToQuery({ vendor: ' Acme ', dateFrom: '2024-01-01', dateTo: '', totalMin: '12,5', totalMax: 'x', confidenceBelow: '0.7' }),
    ).toEqual({ vendor: 'Acme', dateFrom: '2024-01-01', dateTo: null, totalMin: 12.5, totalMax: null, confidenceBelow: 0.7 });
  });
});

describe('colour', () => {
  it('only marks what is uncertain', () => {
    expect(doubtClass(0.95)).toBe('');
    expect(doubtClass(0.7)).toBe('conf-mid');
    expect(doubtClass(0.4)).toBe('conf-low');
    expect(doubtClass(null)).toBe('conf-none');
  });
});

describe('settings defaults', () => {
  it('carry the locale and the review threshold into new batches', () => {
    const d = readDefaults({ defaults: { locale: 'de-DE', reviewThreshold: 0.75 } });
    expect(d.locale).toBe('de-DE');
    expect(d.reviewThreshold).toBe(0.75);
    expect(defaultsToOptions(d)).toMatchObject({ locale: 'de-DE', reviewThreshold: 0.75 });
    expect(readDefaults({}).reviewThreshold).toBe(0.6);
    expect(defaultsToOptions(readDefaults({}))).not.toHaveProperty('locale');
  });
});
