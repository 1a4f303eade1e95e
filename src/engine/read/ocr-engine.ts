/**
 * The thread's tesseract.js worker: created lazily, reused across pages (init costs ~0.3-0.5 s), and
 * recycled after RECYCLE_AFTER_PAGES pages or when the process RSS passes RECYCLE_RSS_BYTES, because
 * tesseract's wasm heap grows on noisy pages and never shrinks.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { createWorker, OEM, PSM, type Worker as TesseractWorker, type Page } from 'tesseract.js';
import { fail, TaskFailureError } from './failures.js';
import type { OcrWord } from './tasks.js';

export const RECYCLE_AFTER_PAGES = 200;
/**
 * Whole-process RSS (all Piscina threads share it). A busy two-thread process sits at 0.8-0.9 GB (measured in the
 * fuzz bench); past 1.25 GB the wasm heaps grown on noisy pages are given back, so the process stays clear of
 * the 2 GB a hostile batch may use (issue 15) with a page or two in flight on top.
 */
export const RECYCLE_RSS_BYTES = 1.25 * 1024 ** 3;

/**
 * PSM 3 (automatic layout) is the fallback (orientation probes): it keeps multi-column pages in column
 * order, where PSM 6 (one block) interleaves columns. Full-page passes choose per page (ocr-page.ts).
 */
export const DEFAULT_PSM = PSM.AUTO;

function langDataPath(lang: string): string {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  } catch {
    fail('unsupported', `OCR language "${lang}" is not installed`);
  }
  // best_int: same text as the float model on our pages, a quarter of the size and less memory.
  const dir = join(pkgDir, '4.0.0_best_int');
  if (!existsSync(join(dir, `${lang}.traineddata.gz`))) fail('unsupported', `OCR language "${lang}" is not installed`);
  return dir;
}

interface EngineSlot {
  worker: TesseractWorker;
  pages: number;
  psm: string;
  dpi: string;
}

const slots = new Map<string, Promise<EngineSlot>>();

async function createSlot(lang: string): Promise<EngineSlot> {
  if (!/^[a-z_]{3,8}$/.test(lang)) fail('unsupported', `OCR language "${lang}" is not installed`);
  const langPath = langDataPath(lang);
  // cacheMethod 'none': the cache is keyed by language only and concurrent writers have corrupted it.
  // tesseract.js in Node requires its wasm core from node_modules (tesseract.js-core); nothing is fetched.
  const worker = await createWorker(lang, OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    cacheMethod: 'none',
    logger: () => undefined,
    errorHandler: () => undefined,
  });
  // No second, inverted read of low-confidence lines (white-on-black text): on our pages it changed no
  // text and cost 3-14% of the recognition time (a scanned article page, receipt scans).
  await worker.setParameters({ tessedit_do_invert: '0' });
  return { worker, pages: 0, psm: '', dpi: '' };
}

function getSlot(lang: string): Promise<EngineSlot> {
  let slot = slots.get(lang);
  if (!slot) {
    slot = createSlot(lang);
    slots.set(lang, slot);
    // A failed start must not be cached: the next page tries again.
    slot.catch(() => slots.delete(lang));
  }
  return slot;
}

async function dropSlot(lang: string): Promise<void> {
  const slot = slots.get(lang);
  slots.delete(lang);
  if (!slot) return;
  try {
    await (await slot).worker.terminate();
  } catch {
    // Already dead (e.g. terminated by a timeout): nothing to free.
  }
}

/**
 * Words from tesseract's TSV (level-5 rows: level page_num block_num par_num line_num word_num left top width height
 * conf text), with their boxes in the image's pixels and the confidence to a tenth (what the pages store).
 */
export function wordsFromTsv(tsv: string | null | undefined): OcrWord[] {
  const out: OcrWord[] = [];
  for (const line of (tsv ?? '').split('\n')) {
    if (!line.startsWith('5\t')) continue;
    const f = line.split('\t');
    if (f.length < 12) continue;
    const text = f.slice(11).join('\t').trim();
    if (!text) continue;
    const x0 = Number(f[6]);
    const y0 = Number(f[7]);
    const conf = Number(f[10]);
    out.push({ text, conf: Math.round(Math.max(0, conf) * 10) / 10, x0, y0, x1: x0 + Number(f[8]), y1: y0 + Number(f[9]) });
  }
  return out;
}

export interface RecognizeOptions {
  lang: string;
  psm: string;
  dpi: number;
  timeoutMs: number;
}

/**
 * OCRs one image (PGM bytes preferred: no decompression inside the wasm). On timeout the tesseract
 * worker is terminated, since a wasm call cannot be interrupted, and a fresh one is made next time.
 */
export async function recognizeImage(image: Buffer, opts: RecognizeOptions): Promise<Page> {
  const slot = await getSlot(opts.lang);
  const dpi = String(Math.max(70, Math.min(1200, Math.round(opts.dpi))));
  if (slot.psm !== opts.psm || slot.dpi !== dpi) {
    // user_defined_dpi: PGM carries no resolution, and tesseract's 70-dpi guess shifts its size filters.
    await slot.worker.setParameters({ tessedit_pageseg_mode: opts.psm as PSM, user_defined_dpi: dpi });
    slot.psm = opts.psm;
    slot.dpi = dpi;
  }
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    const result = await Promise.race([
      // TSV carries what we use (word text, box, confidence): the blocks tree is a 0.6 MB symbol-level
      // JSON per page, built, parsed and copied between threads (~5% of a page's CPU on a dense 300-dpi page).
      slot.worker.recognize(image, {}, { text: true, tsv: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => {
            timedOut = true;
            reject(
              new TaskFailureError({
                ok: false,
                code: 'timeout',
                message: `OCR of the page took longer than ${Math.round(opts.timeoutMs / 1000)} s`,
                transient: true,
              }),
            );
          },
          Math.max(1, opts.timeoutMs),
        );
      }),
    ]);
    slot.pages++;
    return result.data;
  } catch (err) {
    // A timed-out or crashed worker is in an unknown state: replace it.
    await dropSlot(opts.lang);
    if (timedOut || err instanceof TaskFailureError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/read image|Error attempting to read image/i.test(msg)) fail('damaged', 'the page image could not be read by OCR');
    fail('internal', `OCR failed: ${msg}`);
  } finally {
    clearTimeout(timer);
    await recycleIfNeeded(opts.lang);
  }
}

async function recycleIfNeeded(lang: string): Promise<void> {
  const slot = slots.get(lang);
  if (!slot) return;
  let s: EngineSlot;
  try {
    s = await slot;
  } catch {
    return;
  }
  if (s.pages >= RECYCLE_AFTER_PAGES || process.memoryUsage().rss > RECYCLE_RSS_BYTES) await dropSlot(lang);
}

/** Frees every tesseract worker of this thread (call before the thread exits; tests call it too). */
export async function terminateOcrEngines(): Promise<void> {
  await Promise.all([...slots.keys()].map((lang) => dropSlot(lang)));
}

export function ocrEngineStats(): { langs: string[] } {
  return { langs: [...slots.keys()] };
}
