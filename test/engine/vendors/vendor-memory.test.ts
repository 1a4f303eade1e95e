/**
 * Vendor memory end to end, through the engine API as a clerk would use it: eleven invoices of one made-up vendor
 * whose labels no built-in vocabulary knows ("Belegkennung Quell", "Stempeltag", "Summe faellig", "Warenwert"...). The
 * first is processed and corrected (updateField, markReviewed); the other ten are processed afterwards and must
 * come out right on their key fields (>= 95%), with the vendor's canonical name and evidence saying what taught it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../../src/contract/domain.js';
import { Engine } from '../../../src/engine/engine.js';
import { extractWithVendorMemory } from '../../../src/engine/vendors/extract-step.js';
import { tmpDir } from '../../helpers/tmp.js';

interface Truth {
  number: string;
  issued: string;
  net: number;
  total: number;
}

const VENDOR = 'Quellbrunn Feinmechanik KG';
const de = (v: number) =>
  v
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const dmy = (iso: string) => iso.split('-').reverse().join('.');

/** One invoice of the vendor: its own labels, a delivery date and a customer number to mislead generic rules. */
async function quellbrunnInvoice(t: Truth, k: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595, 842]);
  const tax = Math.round(t.net * 19) / 100;
  const delivered = `2026-0${1 + (k % 3)}-0${1 + (k % 7)}`;
  const rows: Array<[string, number, number, boolean?]> = [
    [VENDOR.toUpperCase(), 50, 790, true],
    ['Werkstrasse 7 - 79100 Quellbrunn', 50, 774],
    ['Steuerkennung DE 298 374 615', 50, 760],
    ['An: Hafenlager Nord GmbH, Kaistrasse 3, 20457 Hamburg', 50, 720],
    [`Kundenzeichen: K-${7700 + k}`, 50, 700],
    [`Gelieferte Ware am: ${dmy(delivered)}`, 50, 686],
    [`Belegkennung Quell: ${t.number}`, 320, 700],
    [`Stempeltag: ${dmy(t.issued)}`, 320, 686],
    ['Pos  Gegenstand                       Menge   Betrag', 50, 640],
    [`1    Praezisionsfeder Typ ${k}          ${10 + k}   ${de(t.net * 0.6)}`, 50, 624],
    [`2    Lagerbuchse gehaertet            ${3 + k}    ${de(t.net - Math.round(t.net * 60) / 100)}`, 50, 608],
    [`Warenwert: ${de(t.net)}`, 360, 570],
    [`Abgabe 19 v.H.: ${de(tax)}`, 360, 556],
    [`Summe faellig: ${de(t.total)}`, 360, 540, true],
    ['Saemtliche Betraege in EUR', 50, 500],
    ['Ueberweisung an IBAN DE89 3704 0044 0532 0130 00', 50, 486],
  ];
  for (const [text, x, y, b] of rows) page.drawText(text, { x, y, size: 10, font: b ? bold : font });
  return doc.save();
}

const truths: Truth[] = Array.from({ length: 11 }, (_, k) => {
  const net = 180 + k * 137.35;
  return {
    number: `QF-26/${String(41 + k * 7).padStart(4, '0')}`,
    // days above 12 and below it, so the day/month order has to be learned, not guessed
    issued: `2026-0${1 + (k % 9)}-${String(k % 2 ? 3 + k : 14 + k).padStart(2, '0')}`,
    net,
    total: Math.round(net * 119) / 100,
  };
});

const keyFields = (t: Truth): Record<string, string> => ({
  vendor_name: VENDOR,
  document_number: t.number,
  issue_date: t.issued,
  total: t.total.toFixed(2),
  currency: 'EUR',
});

let engine: Engine | null = null;
/** The ten processed after the lesson, in truths order (1..10), for the scanned-copies test. */
let learnedDocs: DocumentDetail[] = [];
let scanRoot = '';
afterAll(async () => engine?.close());

async function processFiles(e: Engine, dir: string): Promise<DocumentDetail[]> {
  const batch = await e.createBatch({ paths: [dir] });
  await e.waitForBatch(batch.id);
  const page = await e.listDocuments({ batchId: batch.id, limit: 100, sort: 'name' });
  return Promise.all(page.rows.map(async (r) => (await e.getDocument(r.id))!));
}

describe('vendor memory through the engine API', () => {
  it('learns one corrected invoice of an unknown vendor and reads the next ten right', async () => {
    const root = tmpDir('docket-vendor-memory-');
    const firstDir = path.join(root, 'first');
    const restDir = path.join(root, 'rest');
    fs.mkdirSync(firstDir);
    fs.mkdirSync(restDir);
    for (const [k, t] of truths.entries())
      fs.writeFileSync(path.join(k === 0 ? firstDir : restDir, `q-${String(k).padStart(2, '0')}.pdf`), await quellbrunnInvoice(t, k));

    engine = await Engine.open({ dataDir: path.join(root, 'data'), workers: 1 });
    await engine.start();

    // 1. the first invoice, corrected by a clerk field by field through the API, then marked reviewed
    const [first] = await processFiles(engine, firstDir);
    for (const [name, want] of Object.entries(keyFields(truths[0]!))) {
      const got = first!.fields.find((f) => f.name === name)?.value ?? null;
      if (got !== want) await engine.updateField(first!.id, name, want);
    }
    await engine.markReviewed([first!.id], true);

    const [vendor, ...others] = await engine.listVendors();
    expect(others).toEqual([]);
    expect(vendor).toMatchObject({ name: VENDOR, origin: 'learned', learnedFrom: 1, currency: 'EUR', iban: 'DE89370400440532013000' });
    expect(vendor!.hints.map((h) => [h.field, h.label])).toEqual(
      expect.arrayContaining([
        ['document_number', 'Belegkennung Quell'],
        ['issue_date', 'Stempeltag'],
        ['total', 'Summe faellig'],
      ]),
    );

    // 2. the other ten, processed after the lesson
    const docs = await processFiles(engine, restDir);
    expect(docs).toHaveLength(10);
    learnedDocs = docs;
    scanRoot = root;
    const score = (ds: DocumentDetail[]) => {
      let right = 0;
      const wrong: string[] = [];
      for (const [i, d] of ds.entries()) {
        for (const [name, want] of Object.entries(keyFields(truths[i + 1]!))) {
          const got = d.fields.find((f) => f.name === name)?.value ?? null;
          if (got === want) right++;
          else wrong.push(`${d.name} ${name}: ${got} (want ${want})`);
        }
      }
      return { right, of: ds.length * 5, wrong };
    };
    const learned = score(docs);

    // the same ten in a data folder with no vendor memory: what the built-in rules make of these labels
    const fresh = await Engine.open({ dataDir: path.join(root, 'data-fresh'), workers: 1 });
    await fresh.start();
    const baseline = score(await processFiles(fresh, restDir));
    await fresh.close();
    console.log(
      `vendor memory: ${learned.right}/${learned.of} key fields right after one correction, ${baseline.right}/${baseline.of} without` +
        (learned.wrong.length ? `; wrong: ${learned.wrong.join('; ')}` : ''),
    );
    expect(learned.right / learned.of).toBeGreaterThanOrEqual(0.95);
    // the premise: the built-in vocabularies do not know this vendor's labels
    expect(baseline.right).toBeLessThan(learned.right);

    // 3. the stored evidence (getDocument, docket show --json) says what vouched for the values
    const stored = (n: string) => docs[0]!.fields.find((f) => f.name === n)!;
    expect(stored('total').evidence).toMatchObject({ learnedFrom: 1, rules: expect.arrayContaining(['vendor-memory.label']) });
    expect(stored('document_number').evidence).toMatchObject({ learnedFrom: 1 });
    expect(stored('vendor_name').evidence?.learnedFrom).toBe(1);

    // and so does the step the pipeline runs, called directly: rule ids and "learned from N corrections"
    const again = extractWithVendorMemory(
      engine.db,
      docs[0]!.pages.map((p) => ({ ...p, dpi: null, words: null })),
      {},
    );
    const field = (n: string) => again.fields.find((f) => f.name === n)!;
    expect(field('total')).toMatchObject({ value: truths[1]!.total.toFixed(2), evidence: { learnedFrom: 1 } });
    expect(field('total').evidence!.rules).toContain('vendor-memory.label');
    expect(field('document_number').evidence!.rules).toEqual(expect.arrayContaining(['vendor-memory.label', 'vendor-memory.shape']));
    expect(field('vendor_name')).toMatchObject({ value: VENDOR, evidence: { learnedFrom: 1 } });
    // recognised by an identifier this vendor's first document showed (its IBAN; the made-up VAT id fails its checksum)
    expect(field('vendor_name').evidence!.rules).toEqual(expect.arrayContaining(['vendor-memory.name', 'vendor-memory.match-iban']));
  }, 240_000);

  it('reads scans of the vendor (OCR, no text layer) by what the text PDF taught', async () => {
    expect(learnedDocs).toHaveLength(10);
    // three of the invoices as JPEG scans, rendered the way the viewer renders a page
    const scans = path.join(scanRoot, 'scans');
    fs.mkdirSync(scans);
    for (const d of learnedDocs.slice(0, 3)) {
      const img = await engine!.getPageImage(d.id, 0, 1400);
      fs.writeFileSync(path.join(scans, d.name.replace(/\.pdf$/, '.jpg')), Buffer.from(img.base64, 'base64'));
    }
    const docs = await processFiles(engine!, scans);
    expect(docs.map((d) => d.method)).toEqual(['ocr', 'ocr', 'ocr']);
    for (const [i, d] of docs.entries()) {
      const got = Object.fromEntries(d.fields.map((f) => [f.name, f.value]));
      expect(got).toMatchObject(keyFields(truths[i + 1]!));
      expect(d.fields.find((f) => f.name === 'total')!.evidence?.rules).toContain('vendor-memory.label');
    }
  }, 240_000);
});
