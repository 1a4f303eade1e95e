import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { documentFilesFor } from '../../../src/engine/ingest/estimate-files.js';
import { EVAL, tmpDir } from '../../helpers/tmp.js';
import { makeZip } from '../../helpers/zip-writer.js';

const INVOICES = path.join(EVAL, 'invoices');
const invoice = (name: string) => fs.readFileSync(path.join(INVOICES, name));

/** A mail client's message with two PDF invoices attached (base64, as sent). */
function emailWith(files: Array<[string, Buffer]>): string {
  const b64 = (buf: Buffer) => buf.toString('base64').replace(/(.{76})/g, '$1\r\n');
  return (
    'From: "Acme Billing" <billing@acme.example>\r\nTo: ap@client.example\r\nSubject: Invoices\r\n' +
    'Date: Tue, 05 Mar 2024 10:15:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n' +
    '--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find our invoices attached.\r\n' +
    files
      .map(
        ([name, data]) =>
          `--B\r\nContent-Type: application/pdf; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(data)}\r\n`,
      )
      .join('') +
    '--B--\r\n'
  );
}

let mailbox: string;
let loose: string;
let engine: Engine;

beforeAll(async () => {
  // The same four invoices: in an e-mail, in a ZIP holding a further e-mail, and as plain files.
  mailbox = tmpDir('docket-estimate-mail-');
  fs.writeFileSync(
    path.join(mailbox, 'march.eml'),
    emailWith([
      ['a.pdf', invoice('AmazonWebServices.pdf')],
      ['b.pdf', invoice('coolblue1.pdf')],
    ]),
  );
  fs.writeFileSync(
    path.join(mailbox, 'archive.zip'),
    makeZip([
      { name: 'c.pdf', data: invoice('QualityHosting.pdf') },
      { name: 'fwd.eml', data: emailWith([['d.pdf', invoice('free_fiber.pdf')]]) },
    ]),
  );
  fs.writeFileSync(path.join(mailbox, 'notes.txt'), 'not a document');
  loose = tmpDir('docket-estimate-loose-');
  for (const f of ['AmazonWebServices.pdf', 'coolblue1.pdf', 'QualityHosting.pdf', 'free_fiber.pdf'])
    fs.copyFileSync(path.join(INVOICES, f), path.join(loose, f));
  engine = await Engine.open({ dataDir: tmpDir('docket-estimate-data-'), workers: 1 });
});

afterAll(async () => {
  await engine?.close();
});

describe('the cost estimate counts what e-mails and archives hold', () => {
  it('lists the documents inside e-mails and ZIP archives, nested ones too, saved under the scratch folder', async () => {
    const scratch = tmpDir('docket-estimate-scratch-');
    const files = await documentFilesFor([mailbox], scratch);
    expect(files).toHaveLength(4);
    expect(files.every((f) => f.kind === 'pdf' && f.path.startsWith(scratch))).toBe(true);
    expect(fs.readdirSync(mailbox).sort()).toEqual(['archive.zip', 'march.eml', 'notes.txt']);
  });

  it('prices a folder of e-mails like the same invoices as loose files, and leaves no scratch files behind', async () => {
    const before = new Set(fs.readdirSync(path.dirname(mailbox)).filter((n) => n.startsWith('docket-estimate-') && !n.includes('-mail-')));
    const inMail = await engine.estimate([mailbox]);
    const asFiles = await engine.estimate([loose]);
    expect(inMail.documents).toBe(4);
    expect(inMail).toEqual(asFiles);
    expect(inMail.tokensIn).toBeGreaterThan(0);
    const after = fs.readdirSync(path.dirname(mailbox)).filter((n) => n.startsWith('docket-estimate-') && !n.includes('-mail-'));
    expect(after.filter((n) => !before.has(n))).toEqual([]);
  });
});
