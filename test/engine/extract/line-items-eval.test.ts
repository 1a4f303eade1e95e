/**
 * Line items on the shared invoices (issue 9: "line-item quantities are read from descriptions"), read as the product
 * reads them: the PDF's text layer and word boxes (in-process inspect), then the rules. Compared with the published
 * truth: each item's amount and quantity, and the lines checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/engine/extract/index.js';
import type { PageInput } from '../../../src/engine/extract/text.js';
import { inspect } from '../../../src/engine/read/worker.js';
import { EVAL } from '../read/fixtures.js';

const DIR = join(EVAL, 'invoices');

async function extract(name: string) {
  const r = await inspect({ path: join(DIR, `${name}.pdf`), kind: 'pdf', maxPixels: 100_000_000 });
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  const pages: PageInput[] = r.pages.map((p) => ({ index: p.index, text: p.text ?? '', method: 'text', words: p.words }));
  return extractDocument(pages, { now: new Date('2026-06-01T00:00:00Z') });
}

/** The truth's items (not section headers or notes): [amount, quantity]. */
function truth(name: string): Array<[number, number | null]> {
  const t = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'))[0];
  return (t.lines as Array<Record<string, unknown>>)
    .filter((l) => l.name !== undefined || l.desc !== undefined)
    .map((l) => [Number(l.price_subtotal ?? l.price ?? l.price_unit), l.qty === undefined ? null : Number(l.qty)]);
}

describe.skipIf(!existsSync(DIR))('line items of the shared invoices', () => {
  it.each(['coolblue1', 'coolblue2', 'AzureInterior', 'QualityHosting', 'saeco', 'AmazonWebServices'])(
    '%s: every item with its amount and quantity, none read from a description ("16 GB", "13,3\'\'", "Office 2011")',
    async (name) => {
      const r = await extract(name);
      // in amount order: the truth lists a levy printed under its item at the end
      const byAmount = (a: [number | null, number | null], b: [number | null, number | null]) => (a[0] ?? 0) - (b[0] ?? 0);
      const want = truth(name).sort(byAmount);
      const got = r.lineItems.map((li) => [li.amount, li.quantity] as [number | null, number | null]).sort(byAmount);
      expect(got.map(([a]) => a)).toEqual(want.map(([a]) => a));
      want.forEach(([, q], i) => {
        if (q !== null) expect(got[i]![1], `${name} line ${i + 1}`).toBe(q);
      });
      const lines = (r.checks ?? []).filter((c) => c.id === 'sum.lines-subtotal' || c.id === 'sum.lines-total');
      expect(lines.length).toBeGreaterThan(0);
      for (const c of lines) expect(c.passed, `${c.id}: ${c.message}`).toBe(true);
    },
    60_000,
  );
});
