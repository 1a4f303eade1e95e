import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { openDb } from '../../../src/engine/store/db.js';
import { tmpDir } from '../../helpers/tmp.js';

/** A one-page invoice with a text layer, unique per number (so no two files share bytes). */
async function invoicePdf(no: string, lines = 3): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const text = [
    'ACME Supplies Ltd',
    `Invoice No: ${no}`,
    'Date: 2024-03-05',
    ...Array.from({ length: lines }, (_, i) => `Item ${i + 1}  1 x 10.00  10.00`),
    `Total: ${(lines * 10).toFixed(2)} EUR`,
  ];
  text.forEach((t, i) => page.drawText(t, { x: 50, y: 780 - i * 18, size: 12, font }));
  return Buffer.from(await doc.save());
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shortened so the test runs in seconds; the defaults are 3 s of quiet before a file counts as complete. */
const WATCH = { stableMs: 2000, tickMs: 200, pollMs: 300 };

async function until<T>(what: string, fn: () => T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const dataDir = tmpDir('docket-watch-data-');
const inbox = tmpDir('docket-watch-in-');
const archive = tmpDir('docket-watch-archive-');
let engine: Engine | null = null;

afterAll(async () => {
  await engine?.close();
});

type Doc = { id: number; name: string; status: string; size: number; sha256: string; batch_id: number; path: string };
/** The store as a second reader sees it (WAL lets it read beside the engine). */
function docs(): Doc[] {
  const db = openDb(dataDir, { readonly: true });
  try {
    return db.prepare('SELECT id, name, status, size, sha256, batch_id, path FROM documents ORDER BY id').all() as Doc[];
  } finally {
    db.close();
  }
}
const finished = (name: string) => docs().find((d) => d.name === name && d.status !== 'queued' && d.status !== 'processing');

describe('a watched folder', () => {
  it('takes each file once, after it is complete: one written at once, one over 10 s, one renamed into place, across a restart', async () => {
    const early = await invoicePdf('W-100');
    fs.writeFileSync(path.join(inbox, 'already-there.pdf'), early);
    engine = await Engine.open({ dataDir, workers: 1, watch: WATCH });
    await engine.start();
    const folder = await engine.addWatchedFolder({ path: inbox, archiveDir: archive });
    await engine.startWatching();

    // Written slowly: a scanner or a copy over the network, ten pieces a second apart (each pause shorter
    // than the quiet spell a file must keep). Taken early, the PDF would be cut off and fail.
    const slow = await invoicePdf('W-200', 40);
    const slowPath = path.join(inbox, 'slow.pdf');
    const writing = (async () => {
      const fd = fs.openSync(slowPath, 'w');
      const step = Math.ceil(slow.length / 10);
      for (let i = 0; i < 10; i++) {
        fs.writeSync(fd, slow, i * step, Math.min(step, slow.length - i * step));
        fs.fsyncSync(fd);
        await sleep(1000);
      }
      fs.closeSync(fd);
    })();

    await until('the file already there', () => finished('already-there.pdf'));
    // A restart in the middle of the slow write: the engine stops and a new one watches the same folder.
    await engine.close();
    engine = null;
    expect(fs.existsSync(slowPath)).toBe(true);
    expect(fs.statSync(slowPath).size).toBeLessThan(slow.length);
    engine = await Engine.open({ dataDir, workers: 1, watch: WATCH });
    await engine.start();
    // The new engine polls, as it would on a network share where change events never arrive.
    await engine.updateWatchedFolder(folder.id, { polling: true });
    await engine.startWatching();

    // Renamed into place: written under a temporary name (ignored), then renamed in one step.
    const renamed = await invoicePdf('W-300');
    fs.writeFileSync(path.join(inbox, 'incoming.pdf.tmp'), renamed);
    await sleep(500);
    fs.renameSync(path.join(inbox, 'incoming.pdf.tmp'), path.join(inbox, 'renamed.pdf'));

    await writing;
    const slowDoc = await until('the slow file', () => finished('slow.pdf'));
    const renamedDoc = await until('the renamed file', () => finished('renamed.pdf'));
    // Quiet for a while longer: nothing is taken twice.
    await sleep(WATCH.stableMs + 1500);
    const all = docs();
    expect(all.map((d) => d.name).sort()).toEqual(['already-there.pdf', 'renamed.pdf', 'slow.pdf']);
    // Read after it was complete: the whole file, and it read as an invoice.
    expect(slowDoc.size).toBe(slow.length);
    expect(slowDoc.sha256).toBe(sha(slow));
    expect(['done', 'needs_review']).toContain(slowDoc.status);
    expect(renamedDoc.sha256).toBe(sha(renamed));
    // One rolling batch for the folder and the day.
    expect(new Set(all.map((d) => d.batch_id)).size).toBe(1);
    const batch = (await engine.getBatch(all[0]!.batch_id))!;
    expect(batch.watchedFolderId).toBe(folder.id);
    expect(batch.counts.total).toBe(3);

    // Copies of the processed originals in the archive folder; the originals untouched where they were.
    const day = fs.readdirSync(archive);
    expect(day).toHaveLength(1);
    await until('three archive copies', () => fs.readdirSync(path.join(archive, day[0]!)).length === 3);
    expect(fs.readFileSync(path.join(archive, day[0]!, 'slow.pdf')).equals(slow)).toBe(true);
    expect(fs.readFileSync(path.join(inbox, 'already-there.pdf')).equals(early)).toBe(true);
  }, 90_000);

  it('on a restart takes only what is new (the rescan finds the old files taken)', async () => {
    await engine!.close();
    const fresh = await invoicePdf('W-400');
    fs.writeFileSync(path.join(inbox, 'while-stopped.pdf'), fresh);
    engine = await Engine.open({ dataDir, workers: 1, watch: WATCH });
    await engine.start();
    await engine.startWatching();
    await until('the file written while stopped', () => finished('while-stopped.pdf'));
    await sleep(WATCH.stableMs + 1000);
    expect(
      docs()
        .map((d) => d.name)
        .sort(),
    ).toEqual(['already-there.pdf', 'renamed.pdf', 'slow.pdf', 'while-stopped.pdf']);
    expect((await engine.listWatchedFolders()).map((f) => [f.path, f.polling, f.archiveDir])).toEqual([[inbox, true, archive]]);

    // Saved again under the same name the same day: the same document is read again with the new bytes.
    const before = docs().find((d) => d.name === 'while-stopped.pdf')!;
    const changed = await invoicePdf('W-401', 5);
    fs.writeFileSync(path.join(inbox, 'while-stopped.pdf'), changed);
    await until('the changed file to be read again', () => {
      const d = docs().find((x) => x.name === 'while-stopped.pdf');
      return d && d.sha256 === sha(changed) && d.status !== 'queued' && d.status !== 'processing' ? d : undefined;
    });
    const after = docs().filter((d) => d.name === 'while-stopped.pdf');
    expect(after.map((d) => d.id)).toEqual([before.id]);
  }, 60_000);
});
