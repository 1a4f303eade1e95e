import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { indexPending } from '../../../src/engine/search/index.js';
import type { Db } from '../../../src/engine/store/db.js';
import { registerExportCommand } from '../../../src/hosts/cli/export.js';
import { registerSearchCommand } from '../../../src/hosts/cli/search.js';
import { UsageError } from '../../../src/hosts/cli/common.js';
import { addDoc, layoutWords, seedStandard, tempStore } from '../../engine/export/seed.js';

// The commands run against the real engine, opened read-only beside the seeding connection; the searchable
// PDF renders through the worker pool, so this file needs the built bundle (npx electron-vite build).

let db: Db;
let dir: string;
let cleanup: () => void;
let ids: ReturnType<typeof seedStandard>;
let out: string[];

beforeEach(async () => {
  ({ db, dir, cleanup } = tempStore());
  ids = seedStandard(db);
  const scan = addDoc(db, {
    batchId: ids.b1,
    path: '/scans/linn.pdf',
    pages: [
      { method: 'ocr', text: 'Linn polyphonic', width: 400, height: 300, dpi: 100, words: layoutWords(['Linn', 'polyphonic'], 10, 10) },
    ],
  });
  // A real page image behind the scan, so the engine can render it for the searchable PDF.
  const image = path.join(dir, 'linn-scan.png');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: 'white' } })
    .png()
    .toFile(image);
  db.prepare("UPDATE documents SET path = ?, kind = 'png' WHERE id = ?").run(image, scan);
  // The engine's writer indexes what it finishes; rows seeded by hand are indexed here the same way.
  indexPending(db);
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const dataDir = () => path.join(dir, 'data');

function program(): Command {
  const p = new Command().exitOverride();
  const deps = {
    openEngine: (d: string) => Engine.open({ dataDir: d, readOnly: true, workers: 1 }),
    resolveDataDir: (flag?: string) => path.resolve(flag ?? dataDir()),
  };
  registerExportCommand(p, deps);
  registerSearchCommand(p, deps);
  return p;
}
const run = (...args: string[]) => program().parseAsync(['node', 'docket', ...args]);

describe('docket export', () => {
  it('exports each format and reports where', async () => {
    for (const format of ['csv', 'xlsx', 'json', 'failures']) {
      const file = path.join(dir, `o.${format}`);
      await run('export', String(ids.b1), '--format', format, '--out', file, '--data', dataDir(), '--json');
      const res = JSON.parse(out.pop()!);
      expect(res).toMatchObject({ format, batchId: ids.b1, file });
      expect(fs.existsSync(file)).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'o.csv'), 'utf8')).toContain('42183017');

    await run(
      'export',
      '--all',
      '--format',
      'csv',
      '--status',
      'failed,skipped',
      '--delimiter',
      ';',
      '--out',
      path.join(dir, 'f.csv'),
      '--data',
      dataDir(),
    );
    expect(out.pop()).toMatch(/^exported 2 documents to .*f\.csv\n$/);
  });

  it('writes a DATEV batch per fiscal year when the bookings span several, and lists the files', async () => {
    addDoc(db, {
      batchId: ids.b1,
      path: '/in/old.pdf',
      fields: { vendor_name: 'Alt', document_number: 'D-12', issue_date: '2023-12-29', total: '50.00', currency: 'EUR' },
    });
    const file = path.join(dir, 'EXTF_Buchungsstapel.csv');
    await run('export', String(ids.b1), '--format', 'datev', '--out', file, '--data', dataDir());
    const years = [path.join(dir, 'EXTF_Buchungsstapel_WJ2023.csv'), path.join(dir, 'EXTF_Buchungsstapel_WJ2024.csv')];
    expect(out.pop()).toBe(`exported 3 documents to 2 files, one per fiscal year:\n  ${years[0]}\n  ${years[1]}\n`);
    await run('export', String(ids.b1), '--format', 'datev', '--out', file, '--data', dataDir(), '--json');
    expect(JSON.parse(out.pop()!)).toMatchObject({ format: 'datev', documents: 3, file: years[0], files: years });
    for (const y of years) expect(fs.existsSync(y)).toBe(true);
  });

  it('writes searchable PDFs into a folder', async () => {
    await run('export', String(ids.b1), '--format', 'pdf', '--out', path.join(dir, 'pdf'), '--data', dataDir(), '--json');
    const res = JSON.parse(out.pop()!);
    expect(res.written).toBe(1);
    expect(fs.readdirSync(path.join(dir, 'pdf'))).toEqual(['linn.searchable.pdf']);
  });

  it('defaults the output to the current folder', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await run('export', String(ids.b2), '--format', 'json', '--data', dataDir());
    } finally {
      process.chdir(cwd);
    }
    expect(out.pop()).toContain(path.join(fs.realpathSync(dir), `docket-batch-${ids.b2}.json`).replace(fs.realpathSync(dir), ''));
    expect(fs.existsSync(path.join(dir, `docket-batch-${ids.b2}.json`))).toBe(true);
  });

  it('says clearly what is wrong', async () => {
    await expect(run('export', '999', '--format', 'csv', '--data', dataDir())).rejects.toThrow(/no batch 999 .*latest: 1, 2/);
    await expect(run('export', '1', '--format', 'docx', '--data', dataDir())).rejects.toThrow(/unknown format "docx"/);
    await expect(run('export', '1', '--data', dataDir())).rejects.toThrow(/--format is required/);
    await expect(run('export', '--format', 'csv', '--data', dataDir())).rejects.toThrow(/batch id, or --all/);
    await expect(run('export', 'x1', '--format', 'csv', '--data', dataDir())).rejects.toThrow(/must be a number/);
    await expect(run('export', '1', '--format', 'csv', '--status', 'done,nope', '--data', dataDir())).rejects.toThrow(
      /unknown status "nope"/,
    );
    await expect(run('export', '1', '--format', 'csv', '--delimiter', '|', '--data', dataDir())).rejects.toThrow(/--delimiter/);
    const e = await run('export', '1', '--format', 'csv', '--out', path.join(dir, 'no', 'such', 'x.csv'), '--data', dataDir()).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/does not exist/);
  });
});

describe('docket search', () => {
  it('prints hits as JSON or lines', async () => {
    await run('search', 'polyphonic', '--data', dataDir(), '--json');
    const res = JSON.parse(out.pop()!);
    expect(res.query).toBe('polyphonic');
    expect(res.hits.map((h: { path: string }) => h.path)).toEqual(
      expect.arrayContaining([path.join(dir, 'linn-scan.png'), '/in/März/café-müller.pdf']),
    );
    await run('search', '"rocket', 'skates"', '--data', dataDir());
    expect(out.join('')).toMatch(/\/in\/acme\.pdf {2}\[page 1\]\n {4}.*«rocket skates»/);
    // each hit leads with the document's id, which `docket show` takes
    expect(out.join('')).toContain(`#${ids.acme}  /in/acme.pdf  [page 1]`);
    await expect(run('search', 'x', '--limit', '0', '--data', dataDir())).rejects.toThrow(/--limit/);
  });
});
