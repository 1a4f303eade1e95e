import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/engine/ingest/ingest.js';
import { parseEml } from '../../../src/engine/ingest/email.js';
import { readZip, unsafeEntryName } from '../../../src/engine/ingest/zip.js';
import { insertBatch } from '../../../src/engine/store/batches.js';
import { openDb, type Db } from '../../../src/engine/store/db.js';
import { documentSource } from '../../../src/engine/store/intake.js';
import { indexPending, search } from '../../../src/engine/search/index.js';
import { parse } from 'csv-parse/sync';
import { exportCsv } from '../../../src/engine/export/csv.js';
import { exportJson } from '../../../src/engine/export/json.js';
import { makeMsg } from '../../helpers/msg-writer.js';
import { tmpDir } from '../../helpers/tmp.js';
import { makeZip } from '../../helpers/zip-writer.js';

const pdf = (tag: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n%${tag}\n`,
  );

/** A multipart/mixed message as a mail client writes it: a text body and three base64 attachments. */
function makeEml(): string {
  const b64 = (buf: Buffer) => buf.toString('base64').replace(/(.{76})/g, '$1\r\n');
  const part = (name: string, type: string, data: Buffer) =>
    `--BOUNDARY\r\nContent-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(data)}\r\n`;
  return (
    'From: "Acme Billing" <billing@acme.example>\r\nTo: ap@client.example\r\nSubject: =?UTF-8?Q?Rechnungen_M=C3=A4rz?=\r\n' +
    'Date: Tue, 05 Mar 2024 10:15:00 +0100\r\nMessage-ID: <m1@acme.example>\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/mixed; boundary="BOUNDARY"\r\n\r\n' +
    '--BOUNDARY\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find our invoices for purchase order PO-77812 attached.\r\n' +
    part('invoice-1.pdf', 'application/pdf', pdf('one')) +
    part('invoice-2.pdf', 'application/pdf', pdf('two')) +
    part('credit note.pdf', 'application/pdf', pdf('three')) +
    '--BOUNDARY--\r\n'
  );
}

type Row = {
  id: number;
  name: string;
  status: string;
  status_reason: string | null;
  parent_id: number | null;
  origin: string | null;
  origin_name: string | null;
  path: string;
  kind: string | null;
  duplicate_of: number | null;
};

let dataDir: string;
let inbox: string;
let db: Db;
let all: Row[];

beforeAll(async () => {
  dataDir = tmpDir('docket-intake-data-');
  inbox = tmpDir('docket-intake-in-');
  fs.writeFileSync(path.join(inbox, 'march.eml'), makeEml());
  fs.writeFileSync(
    path.join(inbox, 'outlook.msg'),
    makeMsg({
      subject: 'Invoice INV-9 from Contoso',
      senderName: 'Contoso Accounts',
      senderEmail: 'accounts@contoso.example',
      body: 'Dear customer, invoice INV-9 is attached. Kind regards',
      sent: new Date('2024-04-02T08:30:00Z'),
      attachments: [{ name: 'INV-9.pdf', data: pdf('msg') }],
    }),
  );
  fs.writeFileSync(
    path.join(inbox, 'nested.zip'),
    makeZip([
      { name: '2024/', data: '' },
      { name: '2024/q1/a.pdf', data: pdf('zip-a') },
      { name: '2024/q2/deeper/b.pdf', data: pdf('zip-b'), store: true },
      { name: 'readme.txt', data: 'not a document' },
      { name: '../escape.pdf', data: pdf('escape') },
      { name: '/etc/absolute.pdf', data: pdf('absolute') },
      { name: 'inner.zip', data: makeZip([{ name: 'c.pdf', data: pdf('zip-c') }]) },
    ]),
  );
  // 200 MB of zeros deflate to about 200 KB: a thousandfold, refused before it is inflated.
  fs.writeFileSync(path.join(inbox, 'bomb.zip'), makeZip([{ name: 'zeros.pdf', data: Buffer.alloc(200 * 1024 * 1024) }]));
  db = openDb(dataDir);
  const batchId = insertBatch(db, { name: 'intake', roots: [inbox], options: {} });
  await ingestBatch(db, batchId, [inbox], { derivedDir: path.join(dataDir, 'derived') });
  all = db.prepare('SELECT * FROM documents ORDER BY id').all() as Row[];
});

const byName = (n: string) => all.find((r) => r.name === n)!;
const childrenOf = (id: number) => all.filter((r) => r.parent_id === id);

describe('e-mail intake', () => {
  it("takes each of an .eml file's three attachments as a document linked to the e-mail", () => {
    const mail = byName('march.eml');
    expect(mail.status).toBe('skipped');
    expect(mail.status_reason).toBe('e-mail from Acme Billing <billing@acme.example> "Rechnungen März": 3 attachments taken as documents');
    const kids = childrenOf(mail.id);
    expect(kids.map((k) => [k.name, k.origin, k.origin_name, k.status, k.kind])).toEqual([
      ['invoice-1.pdf', 'attachment', 'invoice-1.pdf', 'queued', 'pdf'],
      ['invoice-2.pdf', 'attachment', 'invoice-2.pdf', 'queued', 'pdf'],
      ['credit note.pdf', 'attachment', 'credit note.pdf', 'queued', 'pdf'],
    ]);
    // saved under the data folder, byte for byte
    for (const k of kids) expect(k.path.startsWith(path.join(dataDir, 'derived') + path.sep)).toBe(true);
    expect(fs.readFileSync(kids[1]!.path).equals(pdf('two'))).toBe(true);
    const src = documentSource(db, kids[0]!.id)!;
    expect(src.email).toEqual({
      documentId: mail.id,
      sender: 'Acme Billing <billing@acme.example>',
      recipients: 'ap@client.example',
      subject: 'Rechnungen März',
      sentAt: '2024-03-05T09:15:00.000Z',
    });
    expect(src.parentName).toBe('march.eml');
  });

  it('makes the e-mail body searchable', () => {
    indexPending(db);
    const hits = search(db, 'PO-77812');
    expect(hits.map((h) => h.documentId)).toContain(byName('march.eml').id);
  });

  it('reads an Outlook .msg: sender, subject, date and its attachment', () => {
    const msg = byName('outlook.msg');
    expect(msg.status_reason).toBe(
      'e-mail from Contoso Accounts <accounts@contoso.example> "Invoice INV-9 from Contoso": 1 attachment taken as documents',
    );
    const [inv] = childrenOf(msg.id);
    expect(inv).toMatchObject({ name: 'INV-9.pdf', kind: 'pdf', status: 'queued' });
    expect(documentSource(db, inv!.id)!.email).toMatchObject({ subject: 'Invoice INV-9 from Contoso', sentAt: '2024-04-02T08:30:00.000Z' });
  });

  it("exports each attachment with its e-mail's sender, subject and date (CSV and JSON)", async () => {
    const out = path.join(dataDir, 'out.csv');
    await exportCsv(db, { batchId: 1 }, out);
    const [header, ...rows] = parse(fs.readFileSync(out, 'utf8').replace(/^\ufeff/, '')) as string[][];
    const col = (n: string) => header!.indexOf(n);
    const inv = rows.find((r) => r[col('file')] === 'INV-9.pdf')!;
    expect([inv[col('email_from')], inv[col('email_subject')], inv[col('email_date')]]).toEqual([
      'Contoso Accounts <accounts@contoso.example>',
      'Invoice INV-9 from Contoso',
      '2024-04-02T08:30:00.000Z',
    ]);
    const zipped = rows.find((r) => r[col('file')] === 'a.pdf')!;
    expect(zipped[col('email_from')]).toBe('');
    const jsonOut = path.join(dataDir, 'out.json');
    await exportJson(db, { batchId: 1 }, jsonOut);
    const docs = JSON.parse(fs.readFileSync(jsonOut, 'utf8')) as Array<{
      file: string;
      email: { subject: string } | null;
      parentId: number | null;
    }>;
    const one = docs.find((d) => d.file === 'invoice-1.pdf')!;
    expect(one.email?.subject).toBe('Rechnungen März');
    expect(one.parentId).toBe(byName('march.eml').id);
  });

  it('decodes an HTML-only message to text', async () => {
    const e = await parseEml(
      'From: a@b.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n<html><body><p>Total due&nbsp;<b>42.00</b></p><script>evil()</script></body></html>',
    );
    expect(e.body).toContain('Total due 42.00');
    expect(e.body).not.toContain('evil');
  });
});

describe('ZIP intake', () => {
  it('takes the files of nested folders and of an archive inside the archive', () => {
    const zip = byName('nested.zip');
    expect(zip.status).toBe('skipped');
    const kids = childrenOf(zip.id);
    const taken = kids.filter((k) => k.status !== 'failed');
    expect(taken.map((k) => [k.origin_name, k.status])).toEqual([
      ['2024/q1/a.pdf', 'queued'],
      ['2024/q2/deeper/b.pdf', 'queued'],
      ['readme.txt', 'skipped'],
      ['inner.zip', 'skipped'],
    ]);
    const inner = kids.find((k) => k.origin_name === 'inner.zip')!;
    expect(childrenOf(inner.id).map((k) => [k.name, k.status])).toEqual([['c.pdf', 'queued']]);
  });

  it('never writes or reads outside for "../" and absolute entry names: they fail with the reason', () => {
    const zip = byName('nested.zip');
    const bad = childrenOf(zip.id).filter((k) => k.status === 'failed');
    expect(bad.map((k) => [k.origin_name, k.status_reason])).toEqual([
      ['../escape.pdf', 'entry name climbs out of the archive (../): not extracted'],
      ['/etc/absolute.pdf', 'entry name is an absolute path: not extracted'],
    ]);
    expect(fs.existsSync(path.join(dataDir, 'escape.pdf'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'derived', '..', 'escape.pdf'))).toBe(false);
    expect(fs.existsSync(path.join(inbox, '..', 'escape.pdf'))).toBe(false);
    // every file written lies under derived/
    const written: string[] = [];
    const walk = (d: string) =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : written.push(path.join(d, e.name))));
    walk(path.join(dataDir, 'derived'));
    expect(written.length).toBe(9); // 3 + 1 attachments, 4 entries, 1 entry of the inner archive
    expect(written.every((f) => !f.includes('escape') && !f.includes('absolute'))).toBe(true);
    for (const n of ['..\\x.pdf', 'a/../../x.pdf', 'C:/x.pdf', '/x.pdf']) expect(unsafeEntryName(n)).not.toBeNull();
    expect(unsafeEntryName('a/..b/x.pdf')).toBeNull();
  });

  it('fails a zip bomb with a reason and takes nothing from it', () => {
    const bomb = byName('bomb.zip');
    expect(bomb.status).toBe('failed');
    expect(bomb.status_reason).toMatch(/^ZIP archive refused: "zeros\.pdf" would expand \d+ times \(limit 200\), the mark of a zip bomb$/);
    expect(childrenOf(bomb.id)).toEqual([]);
  });

  it('catches an entry whose header lies about its size while inflating', async () => {
    // declared 10 bytes, inflates to 5 MB
    const data = Buffer.alloc(5 * 1024 * 1024);
    const packed = zlib.deflateRawSync(data);
    const z = makeZip([{ name: 'liar.pdf', data }]);
    const i = z.indexOf(packed.subarray(0, 16));
    z.writeUInt32LE(10, 22); // local header size
    const cd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z.writeUInt32LE(10, cd + 24);
    expect(i).toBeGreaterThan(0);
    const r = await readZip(z);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/liar\.pdf/);
  });

  it('an ingest run again after a crash records nothing twice', async () => {
    const before = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    await ingestBatch(db, 1, [inbox], { derivedDir: path.join(dataDir, 'derived') });
    expect((db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(before);
  });
});
