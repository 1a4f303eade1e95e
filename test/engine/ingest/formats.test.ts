import { describe, expect, it } from 'vitest';
import { unreadVerdict } from '../../../src/engine/ingest/formats.js';
import { sniffBytes } from '../../../src/engine/ingest/sniff.js';

/** A ZIP local-file header naming its first entry, as Office documents begin. */
function zipHead(firstEntry: string): Buffer {
  const name = Buffer.from(firstEntry);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name, Buffer.alloc(64)]);
}

const verdict = async (bytes: Buffer, name: string) => {
  const s = await sniffBytes(bytes, name);
  if (s.kind !== null) throw new Error(`${name} was read as ${s.kind}`);
  return unreadVerdict(s, name);
};

describe('formats Docket does not read', () => {
  it('names office files as a clerk knows them, from the extension when the bytes only say "ZIP"', async () => {
    expect(await verdict(zipHead('word/document.xml'), 'Contract.docx')).toEqual(['skipped', 'Word document (.docx) is not supported']);
    expect(await verdict(zipHead('xl/workbook.xml'), 'ledger.xlsx')).toEqual(['skipped', 'Excel workbook (.xlsx) is not supported']);
    expect(await verdict(zipHead('a.txt'), 'scans.zip')).toEqual(['skipped', 'ZIP archive (.zip) is not supported']);
    expect(await verdict(Buffer.from('{"total": 1}'), 'truth.json')).toEqual(['skipped', 'JSON file (.json) is not supported']);
    expect(await verdict(Buffer.from('# notes'), 'README.md')).toEqual(['skipped', 'Markdown file (.md) is not supported']);
    expect(await verdict(Buffer.from('hello'), 'notes')).toEqual(['skipped', 'text file is not supported']);
    expect(await verdict(Buffer.from([0, 1, 2, 3, 0xff, 0, 7]), 'blob.bin')).toEqual([
      'skipped',
      'unknown kind of file (.bin): not a PDF, image or e-invoice',
    ]);
  });

  it('fails a file named like a document that is something else, saying what it is', async () => {
    expect(await verdict(Buffer.from('just text\n'), 'notes.pdf')).toEqual(['failed', 'not a PDF (it is a text file)']);
    expect(await verdict(zipHead('word/document.xml'), 'scan.jpg')).toEqual(['failed', 'not a JPEG image (it is a ZIP archive)']);
    expect(await verdict(Buffer.from([0, 1, 2, 3, 0xff, 0, 7]), 'page.TIF')).toEqual([
      'failed',
      'not a TIFF image (it is an unknown kind of file)',
    ]);
  });

  it('keeps XML that is not an e-invoice as skipped, named by its root', async () => {
    expect(await verdict(Buffer.from('<?xml version="1.0"?><order/>'), 'po.xml')).toEqual([
      'skipped',
      'XML file (root <order>), not an e-invoice',
    ]);
  });
});
