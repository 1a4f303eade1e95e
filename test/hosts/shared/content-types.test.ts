import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../../../src/hosts/shared/content-types.js';

describe('contentTypeFor', () => {
  it('names every kind of file the built renderer holds', () => {
    const dir = path.resolve('out/renderer');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(contentTypeFor(f), f).not.toBe('application/octet-stream');
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('assets/index-abc.js')).toBe('text/javascript; charset=utf-8');
  });

  it('names the exports offered for download, whatever the case of the extension', () => {
    expect(contentTypeFor('batch-1.csv')).toBe('text/csv; charset=utf-8');
    expect(contentTypeFor('BATCH-1.XLSX')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(contentTypeFor('batch-1.json')).toBe('application/json; charset=utf-8');
  });

  it('never guesses: anything else is an opaque download', () => {
    for (const f of ['notes.txt', 'x.exe', 'page.htm', 'noextension', '.html.bak'])
      expect(contentTypeFor(f)).toBe('application/octet-stream');
  });
});
