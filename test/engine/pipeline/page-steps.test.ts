import { afterAll, describe, expect, it } from 'vitest';
import { processPaths } from '../../helpers/engine.js';
import { scannedLikePdf, tempDir, textPdf } from '../read/fixtures.js';
import { stepsText } from '../../../src/hosts/cli/documents.js';

const tmp = tempDir('page-steps');
afterAll(() => tmp.cleanup());

describe('per-step timings are stored for every page', () => {
  it('a text-layer page has inspect, extract and write; an OCR page also render and OCR; docket show prints them', async () => {
    const text = tmp.file('text.pdf', await textPdf(undefined, { pages: 2 }));
    const scan = tmp.file('scan.pdf', await scannedLikePdf('Scanned by ACME ScanStation'));
    const { engine, rows } = await processPaths([text, scan]);
    try {
      const byName = new Map(rows.map((r) => [r.name, r.id]));
      const t = (await engine.getDocument(byName.get('text.pdf')!))!;
      expect(t.pages).toHaveLength(2);
      for (const p of t.pages) {
        expect(p.steps).toMatchObject({ render: null, ocr: null });
        for (const k of ['inspect', 'extract', 'write'] as const) expect(p.steps![k]).toBeGreaterThan(0);
      }
      // the document's extraction is shared out over its pages
      expect(t.pages[0]!.steps!.extract).toBeCloseTo(t.pages[1]!.steps!.extract!, 6);
      const s = (await engine.getDocument(byName.get('scan.pdf')!))!;
      expect(s.pages[0]!.method).toBe('ocr');
      for (const k of ['inspect', 'render', 'ocr', 'extract', 'write'] as const) expect(s.pages[0]!.steps![k]).toBeGreaterThanOrEqual(0);
      expect(s.pages[0]!.steps!.render! + s.pages[0]!.steps!.ocr!).toBeCloseTo(s.pages[0]!.ms!, 6);
      expect(stepsText(s.pages[0]!.steps)).toMatch(
        /^inspect [\d.]+ ms, render [\d.]+ ms, OCR [\d.]+ ms, extract [\d.]+ ms, write [\d.]+ ms$/,
      );
    } finally {
      await engine.close();
    }
  });
});
