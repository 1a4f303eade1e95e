#!/usr/bin/env node
/**
 * Field accuracy of the rules extractor on ../shared/eval (invoices and SROIE receipts), scored with the
 * conventions of shared/eval/README.md. Prints a per-field table; never asserts.
 *
 * Text sources (pick with --source, default "auto"):
 *   cli      `node bin/docket.js process` + `show --json` (the product's own text layer / OCR; run `npm run build`
 *            first). Like the acceptance check, a PDF and its PNG render are scored as two documents.
 *   tools    invoices: `pdftotext -layout` (and `--raw` with --raw); receipts: `tesseract <jpg> - --psm 6`
 *            (OCR output cached in $TMPDIR/docket-bench-ocr)
 *   boxes    receipts from the SROIE box.txt line transcripts (no OCR noise: an upper bound)
 *   db       re-extract, with the current rules, the page text (and OCR words) a previous `docket process` stored:
 *            --inv-data DIR and/or --rec-data DIR (the --data folders of runs over eval/invoices and eval/sroie-dev).
 *            Tunes against the product's own text layer and OCR without reprocessing. Each document is extracted
 *            once untimed first, so ms/document is the steady state rather than JIT warm-up.
 * "auto" = tools when pdftotext/tesseract exist, else boxes for receipts (invoices need pdftotext or the CLI).
 * Usage: node bench/accuracy.bench.mjs [--source auto|tools|boxes|cli] [--raw] [--misses] [--eval DIR]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(`--${name}`);
const evalDir = resolve(opt('eval', join(root, '..', 'shared', 'eval')));
const source = opt('source', 'auto');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

async function loadExtractor() {
  const { build } = await import('esbuild');
  const out = join(mkdtempSync(join(tmpdir(), 'docket-bench-')), 'extract.mjs');
  await build({
    entryPoints: [join(root, 'src/engine/extract/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  return import(pathToFileURL(out).href);
}

// ---- scoring (shared/eval/README.md) ----
const LEGAL = new Set('bv b.v ag ltd limited inc gmbh sdn bhd sa s.a llc plc co corp nv n.v srl spa pvt private enterprise the'.split(' '));
const words = (s) =>
  (
    String(s)
      .normalize('NFKD')
      .replace(/[^\x00-\x7f]/g, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  ).filter((w) => !LEGAL.has(w));
const sameName = (e, g) => {
  if (!g) return false;
  const a = words(e),
    b = words(g);
  if (!a.length || !b.length) return false;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return s.every((w) => l.includes(w));
};
const sameNumber = (e, g) => !!g && String(e).replace(/[\s#]/g, '').toLowerCase() === String(g).replace(/[\s#]/g, '').toLowerCase();
const toAmount = (x) => {
  if (x === null || x === undefined || x === '') return null;
  if (typeof x === 'number') return Math.round(x * 100) / 100;
  let s = String(x).replace(/[^\d,.-]/g, '');
  if (s.includes(',') && s.includes('.'))
    s = s.lastIndexOf('.') > s.lastIndexOf(',') ? s.replace(/,/g, '') : s.replace(/\./g, '').replace(',', '.');
  else if (s.includes(',')) s = s.split(',').pop().length === 2 ? s.replace(',', '.') : s.replace(/,/g, '');
  const v = Number(s);
  return Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
};
const sameAmount = (e, g) => {
  const a = toAmount(e),
    b = toAmount(g);
  return a !== null && b !== null && Math.abs(a - b) < 0.005;
};
const dayFirst = (s) => {
  const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})/.exec(s.trim());
  let d, mo, y;
  if (m) [d, mo, y] = [+m[1], +m[2], +m[3]];
  else if ((m = /^(\d{1,2})[\s-]*([A-Za-z]{3})[A-Za-z]*[\s,-]*(\d{2,4})/.exec(s.trim())))
    [d, mo, y] = [+m[1], months.indexOf(m[2].toLowerCase()) + 1, +m[3]];
  else if ((m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})/.exec(s.trim()))) [y, mo, d] = [+m[1], +m[2], +m[3]];
  else return null;
  if (y < 100) y += 2000;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
const PLACEHOLDERS = new Set(['SammyMaystoneLinesTest.invoice_number', 'SammyMaystoneLinesTest.issuer', 'Orlen.invoice_number']);

function field(result, name) {
  return result.fields.find((f) => f.name === name)?.value ?? null;
}

// ---- text sources ----
const ocrCache = join(tmpdir(), 'docket-bench-ocr');
function invoiceText(file, raw) {
  if (file.endsWith('.txt')) return readFileSync(file, 'utf8');
  return execFileSync('pdftotext', [raw ? '-raw' : '-layout', file, '-'], { encoding: 'utf8' });
}
function receiptText(dir, id, mode) {
  if (mode === 'boxes') {
    return readFileSync(join(dir, `${id}.box.txt`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(',').slice(8).join(','))
      .join('\n');
  }
  mkdirSync(ocrCache, { recursive: true });
  const cached = join(ocrCache, `${id}.txt`);
  if (!existsSync(cached))
    writeFileSync(
      cached,
      execFileSync('tesseract', [join(dir, `${id}.jpg`), '-', '--psm', '6'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  return readFileSync(cached, 'utf8');
}

/** Documents processed by the product's CLI: [{ stem, name, result }] (a PDF and its PNG render are both scored). */
/** Documents and their stored pages from a docket data folder: [{ stem, name, pages }]. */
async function dbPages(dataDir) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'docket.db'), { readonly: true, fileMustExist: true });
  const docs = db.prepare("select id, name from documents where status not in ('skipped', 'failed')").all();
  const q = db.prepare(
    'select pt.page_index as idx, pt.text as text, p.method as method, p.words as words from page_text pt join pages p on p.document_id = pt.document_id and p.page_index = pt.page_index where pt.document_id = ? order by pt.page_index',
  );
  const out = docs.map((d) => ({
    stem: d.name.replace(/\.[^.]+$/, ''),
    name: d.name,
    pages: q.all(d.id).map((r) => ({
      index: r.idx,
      text: r.text ?? '',
      method: r.method === 'ocr' ? 'ocr' : 'text',
      words: r.words ? JSON.parse(r.words) : undefined,
    })),
  }));
  db.close();
  return out;
}

const skippedByCli = [];
function cliResults(folder) {
  const data = mkdtempSync(join(tmpdir(), 'docket-bench-data-'));
  const cli = join(root, 'bin', 'docket.js');
  const run = (a) =>
    spawnSync(process.execPath, [cli, ...a, '--data', data, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const p = run(['process', folder]);
  if (p.status !== 0 && !p.stdout.includes('"status"')) throw new Error(`docket process failed: ${p.stderr.slice(-300)}`);
  const out = [];
  for (let id = 1, misses = 0; misses < 3 && id < 5000; id++) {
    const r = run(['show', String(id)]);
    let doc;
    try {
      doc = JSON.parse(
        r.stdout
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .pop() ?? '',
      );
    } catch {
      doc = null;
    }
    if (r.status !== 0 || !doc) {
      misses++;
      continue;
    }
    misses = 0;
    const f = doc.fields ?? {};
    const fields = Array.isArray(f) ? f : Object.entries(f).map(([name, v]) => ({ name, value: v && typeof v === 'object' ? v.value : v }));
    const name = basename(doc.path ?? '');
    // sidecar files (the truth .json itself) end skipped: not extraction's to score, but the acceptance
    // scorer counts them under the same stem, so say how many there were
    if (doc.status === 'skipped' || doc.status === 'failed') {
      skippedByCli.push(`${name} (${doc.status})`);
      continue;
    }
    out.push({ stem: name.replace(/\.[^.]+$/, ''), name, result: { fields } });
  }
  return out;
}

function table(title, tally, ms, n) {
  console.log(`\n${title}`);
  console.log('field            right/total   accuracy');
  for (const [f, { r, t }] of Object.entries(tally))
    console.log(`${f.padEnd(16)} ${`${r}/${t}`.padStart(11)}   ${t ? ((100 * r) / t).toFixed(1).padStart(6) : '   n/a'}%`);
  if (ms !== null) console.log(`extraction: ${(ms / Math.max(1, n)).toFixed(2)} ms/document over ${n} documents`);
}

if (!existsSync(join(evalDir, 'invoices')) && !existsSync(join(evalDir, 'sroie-dev'))) {
  console.log(`accuracy: no eval data at ${evalDir} (pass --eval DIR); nothing to measure`);
  process.exit(0);
}
const { extractDocument } = await loadExtractor();
const misses = [];
const useCli = source === 'cli';

// invoices
if (existsSync(join(evalDir, 'invoices'))) {
  const dir = join(evalDir, 'invoices');
  const tally = {
    issuer: { r: 0, t: 0 },
    invoice_number: { r: 0, t: 0 },
    date: { r: 0, t: 0 },
    amount: { r: 0, t: 0 },
    currency: { r: 0, t: 0 },
  };
  let ms = 0;
  let n = 0;
  const cli = useCli ? cliResults(dir) : null;
  const dbInv = source === 'db' && opt('inv-data') ? await dbPages(resolve(opt('inv-data'))) : null;
  if (source === 'db' && !dbInv) console.log('\ninvoices: skipped (no --inv-data)');
  else if (!cli && !dbInv && !has('pdftotext')) console.log('\ninvoices: skipped (no pdftotext; use --source cli)');
  else {
    const units = dbInv
      ? dbInv
          .filter((d) => existsSync(join(dir, `${d.stem}.json`)))
          .map((d) => ({ f: `${d.stem}.json`, stem: d.stem, label: d.name, result: null, pages: d.pages }))
      : cli
        ? cli
            .filter((d) => existsSync(join(dir, `${d.stem}.json`)))
            .map((d) => ({ f: `${d.stem}.json`, stem: d.stem, label: d.name, result: d.result }))
        : readdirSync(dir)
            .filter((x) => x.endsWith('.json'))
            .sort()
            .map((f) => ({ f, stem: f.replace(/\.json$/, ''), label: f.replace(/\.json$/, ''), result: undefined }));
    for (const { f, stem, label, result: cliResult, pages } of units) {
      const file = ['.pdf', '.txt'].map((e) => join(dir, stem + e)).find(existsSync);
      if (!file && !cli && !pages) continue;
      const truth = JSON.parse(readFileSync(join(dir, f), 'utf8'))[0];
      let result = cliResult;
      if (pages) {
        extractDocument(pages, {}); // warm: time the steady state, not the JIT's first look at this document's paths
        const t0 = performance.now();
        result = extractDocument(pages, {});
        ms += performance.now() - t0;
        n++;
      } else if (!cli) {
        const text = invoiceText(file, flag('raw'));
        const t0 = performance.now();
        result = extractDocument([{ index: 0, text, method: 'text' }], {});
        ms += performance.now() - t0;
        n++;
      }
      if (!result) continue;
      const checks = {
        issuer: () => sameName(truth.issuer, field(result, 'vendor_name')),
        invoice_number: () => sameNumber(truth.invoice_number, field(result, 'document_number')),
        date: () => truth.date === field(result, 'issue_date'),
        amount: () => sameAmount(truth.amount, field(result, 'total')),
        currency: () => String(truth.currency).toUpperCase() === String(field(result, 'currency')).toUpperCase(),
      };
      for (const [k, check] of Object.entries(checks)) {
        const want = {
          issuer: truth.issuer,
          invoice_number: truth.invoice_number,
          date: truth.date,
          amount: truth.amount,
          currency: truth.currency,
        }[k];
        if (want === null || want === undefined || want === '' || PLACEHOLDERS.has(`${stem}.${k}`)) continue;
        tally[k].t++;
        if (check()) tally[k].r++;
        else
          misses.push(
            `invoices/${label}.${k}: want ${JSON.stringify(want)} got ${JSON.stringify(field(result, { issuer: 'vendor_name', invoice_number: 'document_number', date: 'issue_date', amount: 'total', currency: 'currency' }[k]))}`,
          );
      }
    }
    table(
      `invoices (${dbInv ? 'stored product text, current rules' : cli ? 'docket CLI' : flag('raw') ? 'pdftotext -raw' : 'pdftotext -layout'})`,
      tally,
      cli ? null : ms,
      n,
    );
  }
}

// receipts
if (existsSync(join(evalDir, 'sroie-dev'))) {
  const dir = join(evalDir, 'sroie-dev');
  const mode = source === 'boxes' || (source === 'auto' && !has('tesseract')) ? 'boxes' : 'tools';
  const tally = { company: { r: 0, t: 0 }, date: { r: 0, t: 0 }, total: { r: 0, t: 0 } };
  let ms = 0;
  let n = 0;
  const cli = useCli ? cliResults(dir) : null;
  const dbRec = source === 'db' && opt('rec-data') ? await dbPages(resolve(opt('rec-data'))) : null;
  const ids = dbRec
    ? dbRec.map((d) => d.stem).filter((id) => existsSync(join(dir, `${id}.key.json`)))
    : cli
      ? cli.map((d) => d.stem).filter((id) => existsSync(join(dir, `${id}.key.json`)))
      : readdirSync(dir)
          .filter((x) => x.endsWith('.key.json'))
          .sort()
          .map((f) => f.replace(/\.key\.json$/, ''));
  for (const id of ids) {
    const truth = JSON.parse(readFileSync(join(dir, `${id}.key.json`), 'utf8'));
    let result = cli?.find((d) => d.stem === id)?.result;
    if (dbRec) {
      const pages = dbRec.find((d) => d.stem === id).pages;
      extractDocument(pages, {}); // warm (see above)
      const t0 = performance.now();
      result = extractDocument(pages, {});
      ms += performance.now() - t0;
      n++;
    } else if (!cli) {
      const text = receiptText(dir, id, mode);
      const t0 = performance.now();
      result = extractDocument([{ index: 0, text, method: 'ocr' }], {});
      ms += performance.now() - t0;
      n++;
    }
    if (!result) continue;
    const checks = {
      company: [truth.company, () => sameName(truth.company, field(result, 'vendor_name')), 'vendor_name'],
      date: [dayFirst(truth.date ?? ''), () => dayFirst(truth.date ?? '') === field(result, 'issue_date'), 'issue_date'],
      total: [truth.total, () => sameAmount(truth.total, field(result, 'total')), 'total'],
    };
    for (const [k, [want, check, fname]] of Object.entries(checks)) {
      if (want === null || want === undefined || want === '') continue;
      tally[k].t++;
      if (check()) tally[k].r++;
      else misses.push(`sroie/${id}.${k}: want ${JSON.stringify(want)} got ${JSON.stringify(field(result, fname))}`);
    }
  }
  if (source === 'db' && !dbRec) console.log('\nreceipts: skipped (no --rec-data)');
  else
    table(
      `receipts (${dbRec ? 'stored product OCR, current rules' : cli ? 'docket CLI' : mode === 'boxes' ? 'box.txt transcripts' : 'tesseract --psm 6'})`,
      tally,
      cli ? null : ms,
      n,
    );
}
if (skippedByCli.length) console.log(`\nnot scored (skipped/failed by the CLI): ${skippedByCli.length}`);
if (flag('misses')) console.log(`\nmisses:\n${misses.join('\n')}`);
