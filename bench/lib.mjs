// Shared by the benchmarks (not a benchmark itself: bench/run.mjs runs only *.bench.* files).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Piscina task file: DOCKET_WORKER (e.g. out/main/worker.js from electron-vite), else a fresh esbuild bundle. */
export function buildWorker() {
  if (process.env.DOCKET_WORKER) return resolve(ROOT, process.env.DOCKET_WORKER);
  // Inside the repo so the bundle's bare imports (sharp, pdfjs-dist, tesseract.js) resolve from node_modules.
  const out = join(ROOT, 'out', 'bench', 'worker.mjs');
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      join(ROOT, 'src/engine/read/worker.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      '--log-level=warning',
      `--outfile=${out}`,
    ],
    { stdio: 'inherit' },
  );
  return out;
}

/** Whether a native comparison tool is installed (`versionFlag` is what it answers without side effects). */
export function hasTool(cmd, versionFlag = '--version') {
  try {
    execFileSync(cmd, [versionFlag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A seeded random source for the generators of unseen documents (mulberry32, in 32-bit integer arithmetic: a linear
 * congruential step in floating point multiplied past 2^53, lost bits and fell into short cycles), with the two
 * helpers every generator uses: pick one of a list, and a coin of probability p.
 */
export function seededRandom(seed) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { rnd, pick: (a) => a[Math.floor(rnd() * a.length)], chance: (p) => rnd() < p };
}

/**
 * A printed page scanned back: turned by up to `turn` degrees either way on white, grey, and grain of +-grain/2 levels
 * per pixel. Returns sharp's raw grey pixels and their info, for the caller to encode (PNG into a PDF, JPEG).
 * `ink` (0..1, 1 = black as printed) lightens the print as faded thermal paper does, `fade` (0..1) more so towards
 * one end of the page (a roll's end, a receipt kept in a wallet).
 */
export async function scanLike(image, rnd, { turn = 0.6, grain = 40, ink = 1, fade = 0 } = {}) {
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(image)
    .rotate((rnd() - 0.5) * 2 * turn, { background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rowLen = info.width * info.channels;
  for (let i = 0; i < data.length; i++) {
    let v = data[i];
    if (ink < 1 || fade > 0) {
      const depth = ink * (1 - (fade * Math.floor(i / rowLen)) / info.height);
      v = 255 - (255 - v) * depth;
    }
    data[i] = Math.max(0, Math.min(255, v + (rnd() - 0.5) * grain));
  }
  return { data, info };
}

/**
 * Runs Docket as a user does on a folder (`docket process DIR`, then `docket export --all --format json`) with its
 * data folder under `dir`; returns the exported documents by file name. Needs the built CLI (npx electron-vite build).
 */
export function processAndExport(dir, inputDir, workers = 2) {
  const docket = (...a) =>
    execFileSync(process.execPath, [join(ROOT, 'bin', 'docket.js'), ...a, '--data', join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  docket('process', inputDir, '--workers', String(workers));
  const outFile = join(dir, 'out.json');
  docket('export', '--all', '--format', 'json', '--out', outFile);
  const exported = JSON.parse(readFileSync(outFile, 'utf8'));
  return new Map((exported.documents ?? exported).map((d) => [d.file, d]));
}

/**
 * The scorecard of a bench of generated documents: per field right/total, precision of `done` (share of auto-accepted
 * documents whose fields are all right), straight-through (share auto-accepted), the same per tag, and the misses.
 */
export class Scorecard {
  constructor(fields) {
    this.fields = fields;
    this.right = Object.fromEntries(fields.map((k) => [k, 0]));
    this.n = 0;
    this.done = 0;
    this.doneRight = 0;
    this.groups = new Map();
    this.misses = [];
  }
  /** One document: `rights` says per field whether it is right, `tags` its groups, `miss(field)` how to list a miss. */
  add({ rights, tags, isDone, miss, name }) {
    this.n++;
    let all = true;
    for (const k of this.fields) {
      if (rights[k]) this.right[k]++;
      else {
        all = false;
        this.misses.push(miss(k));
      }
    }
    if (isDone) {
      this.done++;
      if (all) this.doneRight++;
      else this.misses.push(`  ^ WRONG DONE ${name}`);
    }
    for (const key of tags) {
      if (!this.groups.has(key)) this.groups.set(key, { n: 0, allRight: 0, done: 0, doneRight: 0 });
      const g = this.groups.get(key);
      g.n++;
      if (all) g.allRight++;
      if (isDone) {
        g.done++;
        if (all) g.doneRight++;
      }
    }
  }
  print(title, showMisses) {
    const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
    const N = this.n;
    console.log(title);
    console.log(`field          right/total`);
    for (const k of this.fields) console.log(`${k.padEnd(14)} ${String(this.right[k]).padStart(5)}/${N}  ${pct(this.right[k], N)}`);
    console.log(`precision of done  ${this.doneRight}/${this.done}  ${pct(this.doneRight, this.done)}`);
    console.log(`straight-through   ${this.done}/${N}  ${pct(this.done, N)}`);
    console.log(`\ngroup                     docs  all fields right   done (right)`);
    for (const [key, g] of [...this.groups].sort())
      console.log(`${key.padEnd(24)} ${String(g.n).padStart(5)}  ${pct(g.allRight, g.n).padStart(8)}        ${g.done} (${g.doneRight})`);
    if (showMisses || this.misses.length <= 40) console.log(`\nmisses:\n${this.misses.join('\n')}`);
    else console.log(`\n${this.misses.length} misses (--misses lists them)`);
  }
}

/**
 * The extractor bundled from source (src/engine/extract) by esbuild, under the project's node_modules so that a module
 * the bundle loads at run time (createRequire) resolves there: re-extracting stored pages measures the rules as they
 * are in the tree, without reading the documents again.
 */
export async function loadExtractor() {
  const { build } = await import('esbuild');
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = join(mkdtempSync(join(cache, 'docket-bench-')), 'extract.mjs');
  await build({
    entryPoints: [join(ROOT, 'src/engine/extract/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  return import(pathToFileURL(out).href);
}

/**
 * A docket data folder's documents (not skipped or failed) and a reader of each one's stored pages, text layer or OCR
 * text with word boxes, in the shape extractDocument takes. The caller closes `db`.
 */
export async function storedDocuments(dataDir) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'docket.db'), { readonly: true, fileMustExist: true });
  const docs = db.prepare("select id, name from documents where status not in ('skipped', 'failed')").all();
  const q = db.prepare(
    'select pt.page_index as idx, pt.text as text, p.method as method, p.words as words from page_text pt join pages p on p.document_id = pt.document_id and p.page_index = pt.page_index where pt.document_id = ? order by pt.page_index',
  );
  const pagesOf = (id) =>
    q.all(id).map((r) => ({
      index: r.idx,
      text: r.text ?? '',
      method: r.method === 'ocr' ? 'ocr' : 'text',
      words: r.words ? JSON.parse(r.words) : undefined,
    }));
  return { db, docs, pagesOf };
}

/** Legal forms and filler a vendor name is compared without (shared/eval/README.md's scoring). */
const LEGAL_WORDS = new Set(
  'bv b.v ag ltd limited inc gmbh sdn bhd sa s.a llc plc co corp nv n.v srl spa pvt private enterprise the'.split(' '),
);
const nameWords = (s) =>
  (
    String(s)
      .normalize('NFKD')
      .replace(/[^\x00-\x7f]/g, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  ).filter((w) => !LEGAL_WORDS.has(w));

/**
 * Whether a vendor name found is the expected one: every word of the shorter in the longer (case, punctuation and
 * legal forms aside), as the accuracy and unseen-receipts benches score a company.
 */
export function sameName(want, got) {
  if (got == null || got === '') return false;
  const a = nameWords(want);
  const b = nameWords(got);
  if (!a.length || !b.length) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((w) => long.includes(w));
}
