/**
 * Hostile XML: a truncated file, external entities (a local file, a URL), a billion-laughs entity bomb, 50 MB of
 * nesting and deep nesting within the size limit. Each fails with a reason a clerk can read, fast, and nothing
 * outside the file is read or fetched.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { einvoice } from '../../../src/engine/read/pdf-attachments.js';
import { parseEInvoice } from '../../../src/engine/einvoice/parse.js';
import { xmlRootName } from '../../../src/engine/einvoice/detect.js';
import { parseXml, XmlError } from '../../../src/engine/einvoice/xml.js';
import { sniffBytes, sniffFile } from '../../../src/engine/ingest/sniff.js';
import { tmpDir } from '../../helpers/tmp.js';
import { EINV, hostileXml } from './fixtures.js';

const SECRET = 'TOP-SECRET-DO-NOT-READ';
let dir: string;
let files: Record<string, string>;
let server: http.Server;
const requests: string[] = [];

beforeAll(async () => {
  dir = tmpDir('docket-einv-hostile-');
  const secret = path.join(dir, 'secret.txt');
  fs.writeFileSync(secret, SECRET);
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('<!ENTITY x "fetched">');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  files = hostileXml(dir, secret, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

// A hostile file must end, not hang: a bound far above any loaded machine's time (speed is bench/einvoice's figure).
const NOT_HUNG_MS = 30_000;

async function read(name: string) {
  const start = Date.now();
  const sniffed = await sniffFile(files[name]!);
  const r = await einvoice({ path: files[name]!, kind: 'xml' });
  return { sniffed, r, ms: Date.now() - start };
}

describe('hostile e-invoice XML', () => {
  it('a truncated file fails as cut short, with where', async () => {
    const { sniffed, r, ms } = await read('truncated.xml');
    expect(sniffed.kind).toBe('xml');
    expect(r).toMatchObject({ ok: false, code: 'truncated', transient: false });
    expect(!r.ok && r.message).toMatch(/^e-invoice XML: the XML is cut short or malformed: .*\(line \d+, column \d+\)$/);
    expect(ms).toBeLessThan(NOT_HUNG_MS);
  });

  it.each(['xxe-file.xml', 'xxe-http.xml', 'billion-laughs.xml'])(
    '%s: the DTD is refused, no entity is expanded or fetched',
    async (name) => {
      const { sniffed, r, ms } = await read(name);
      // Recognised as an invoice (the root is <Invoice>), so it is reported, not silently skipped.
      expect(sniffed.kind).toBe('xml');
      expect(r).toMatchObject({ ok: false, code: 'unsupported', transient: false });
      expect(!r.ok && r.message).toBe(
        'e-invoice XML: refused: the XML declares a DTD (<!DOCTYPE>); e-invoices never use one, and entities are not expanded',
      );
      expect(JSON.stringify(r)).not.toContain(SECRET);
      expect(ms).toBeLessThan(NOT_HUNG_MS);
    },
  );

  it('nothing was fetched from the URL the DTD named', () => {
    expect(requests).toEqual([]);
  });

  it('50 MB of nesting fails on size before any tree is built', async () => {
    const { r, ms } = await read('nesting-50mb.xml');
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
    expect(!r.ok && r.message).toMatch(/the XML is too large \(5\d\.\d MB; limit 16\.0 MB\)/);
    expect(ms).toBeLessThan(NOT_HUNG_MS);
  });

  it('deep nesting within the size limit stops at the depth limit', async () => {
    const { r, ms } = await read('nesting-deep.xml');
    expect(r).toMatchObject({ ok: false, code: 'too_large' });
    expect(!r.ok && r.message).toMatch(/nested too deeply \(more than 64 levels\)/);
    expect(ms).toBeLessThan(NOT_HUNG_MS);
  });

  it('well-formed XML of another kind is skipped at ingest, named by its root, and refused by the reader', async () => {
    const { sniffed, r } = await read('not-an-invoice.xml');
    expect(sniffed).toMatchObject({ kind: null, label: 'XML file (root <order>), not an e-invoice' });
    expect(r).toMatchObject({ ok: false, code: 'unsupported' });
    expect(!r.ok && r.message).toMatch(/not an e-invoice: the XML's root element is <order> in namespace urn:example/);
  });

  it('an invoice root in a foreign namespace is not taken for UBL', () => {
    expect(() => parseEInvoice('<Invoice xmlns="urn:example"><ID>1</ID></Invoice>')).toThrow(/not an e-invoice/);
  });

  it('leaves room for a large real invoice: 5,000 lines read whole', () => {
    const cii = fs.readFileSync(path.join(EINV, '01.21a-INVOICE_uncefact.xml'), 'utf8');
    const item = /<ram:IncludedSupplyChainTradeLineItem>[\s\S]*?<\/ram:IncludedSupplyChainTradeLineItem>/.exec(cii)![0];
    const lines = Array.from({ length: 5000 }, (_, i) => item.replace('<ram:LineID>1</ram:LineID>', `<ram:LineID>${i + 1}</ram:LineID>`));
    const big = cii.replace(item, lines.join('\n'));
    const inv = parseEInvoice(big);
    expect(inv.lines).toHaveLength(5000);
    expect(inv.lines[4999]!.id).toBe('5000');
  });

  it('limits are the caller’s to tighten', () => {
    const xml = '<a>' + '<b>x</b>'.repeat(20) + '</a>';
    expect(() => parseXml(xml, { maxBytes: 1000, maxDepth: 64, maxElements: 10 })).toThrow(XmlError);
    expect(() => parseXml(xml, { maxBytes: 10, maxDepth: 64, maxElements: 100 })).toThrow(/too large/);
    expect(parseXml(xml).children).toHaveLength(20);
  });

  it('finds the root past the prolog, or says it could not see it yet', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(xmlRootName(enc('\uFEFF<?xml version="1.0"?><!-- c --><!DOCTYPE x [<!ENTITY a "b">]><rsm:CrossIndustryInvoice a="1">'))).toBe(
      'CrossIndustryInvoice',
    );
    expect(xmlRootName(enc('<?xml version="1.0"?><!-- a comment longer than the sniffed bytes'))).toBeNull();
    expect(xmlRootName(enc('just text'))).toBeUndefined();
  });
});

describe('sniffing text that is not an e-invoice', () => {
  it('leaves HTML a text file, and plain text untouched', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(await sniffBytes(enc('<!DOCTYPE html>\n<html><body>hi</body></html>'), 'page.html')).toMatchObject({
      kind: null,
      label: 'text file (.html)',
    });
    expect(await sniffBytes(enc('hello'), 'a.txt')).toMatchObject({ kind: null, label: 'text file (.txt)' });
    expect(await sniffBytes(enc('<?xml version="1.0"?><CreditNote xmlns="x"/>'), 'c.xml')).toMatchObject({ kind: 'xml' });
  });
});
