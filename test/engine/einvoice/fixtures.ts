import fs from 'node:fs';
import path from 'node:path';
import { AFRelationship, PDFDocument, StandardFonts } from 'pdf-lib';
import { EVAL } from '../../helpers/tmp.js';

/** The developers' e-invoice set (shared/eval/einvoices) and its truth.json, made by its truth.py. */
export const EINV = path.join(EVAL, 'einvoices');

export interface Truth {
  format: string;
  syntax: string;
  profile: string | null;
  profile_label: string | null;
  type_code: string | null;
  invoice_number: string | null;
  issue_date: string | null;
  seller_name: string | null;
  currency: string | null;
  grand_total: string | null;
  payable_amount: string | null;
  line_items: number;
  embedded_xml?: string[];
}

export function loadTruth(): Record<string, Truth> {
  return JSON.parse(fs.readFileSync(path.join(EINV, 'truth.json'), 'utf8')) as Record<string, Truth>;
}

/** Hostile XML files: each must fail with a clear reason, quickly, touching nothing outside itself. */
export function hostileXml(dir: string, secretFile: string, httpUrl: string): Record<string, string> {
  const files: Record<string, string> = {};
  const w = (name: string, data: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, data);
    files[name] = p;
  };
  const good = fs.readFileSync(path.join(EINV, 'base-example.xml'), 'utf8');
  w('truncated.xml', good.slice(0, Math.floor(good.length * 0.6)));
  w(
    'xxe-file.xml',
    `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file://${secretFile}">]>\n` +
      `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Invoice>\n`,
  );
  w(
    'xxe-http.xml',
    `<?xml version="1.0"?>\n<!DOCTYPE Invoice SYSTEM "${httpUrl}/dtd">\n` +
      `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></Invoice>\n`,
  );
  const lol = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  w(
    'billion-laughs.xml',
    `<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n${lol.join('\n')}\n]>\n` +
      `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&lol9;</cbc:ID></Invoice>\n`,
  );
  // 50 MB of nesting under an invoice root: refused on size before a tree is built.
  const open = '<a>'.repeat(1024 * 1024);
  const head = '<?xml version="1.0"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">';
  const parts: string[] = [head];
  let size = head.length;
  while (size < 50 * 1024 * 1024) {
    parts.push(open);
    size += open.length;
  }
  w('nesting-50mb.xml', parts.join(''));
  // Deep but small (3 MB): within the size limit, so the depth limit must stop it.
  w('nesting-deep.xml', `${head}${'<a>'.repeat(1_000_000)}${'</a>'.repeat(1_000_000)}</Invoice>`);
  w('not-an-invoice.xml', '<?xml version="1.0"?>\n<!-- a long comment -->\n<order xmlns="urn:example"><id>1</id></order>\n');
  return files;
}

/**
 * A hybrid PDF (Factur-X style): a page printed from the invoice's values, with `xml` attached as factur-x.xml.
 * `page` overrides what the page prints, to make the page and the XML disagree.
 */
export async function makeHybridPdf(
  xml: Uint8Array,
  page: { number: string; date: string; seller: string; vat: string; total: string; currency: string },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p = doc.addPage([595, 842]);
  const lines = [
    page.seller,
    `VAT id: ${page.vat}`,
    '',
    `Invoice ${page.number}`,
    `Invoice date: ${page.date}`,
    '',
    `Total due: ${page.total} ${page.currency}`,
  ];
  lines.forEach((t, i) => p.drawText(t, { x: 60, y: 780 - i * 20, size: 12, font }));
  await doc.attach(xml, 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X invoice',
    afRelationship: AFRelationship.Data,
    creationDate: new Date(0),
    modificationDate: new Date(0),
  });
  return doc.save();
}
