#!/usr/bin/env node
/**
 * Accuracy of the rules extractor on ../shared/eval, scored with the conventions of shared/eval/README.md.
 * Prints figures; never asserts.
 *
 * Per set (sroie-train and invoices are developed on; sroie-dev is reported beside them as a set nobody tuned on):
 *   - accuracy per field
 *   - precision of `done`: share of auto-accepted documents whose key fields are all right
 *   - straight-through rate: share of documents auto-accepted
 *   - reliability: per field-confidence bucket, how often the value was right
 *   - line items, where the truth lists them (invoices): lines found / expected, and how many found lines match an
 *     expected one on amount, and on amount, quantity and description where the truth has them; where it does not
 *     (receipts), how often the lines checks (sum.lines-subtotal, sum.lines-total) pass and fail on done documents
 *
 * OCR is slow, extraction is fast: each set's pages (text layer or OCR text and word boxes) are produced once by
 * `node bin/docket.js process <set> --data <root>/acc-<set>` and kept; every run re-extracts those stored pages
 * with the current rules, so a rule change is measured in seconds. Delete the folder to re-read the documents
 * (after an OCR change).
 *
 * --stored scores what the pipeline itself stored (its fields, status and issues, second readings of weak fields
 * included) instead of re-extracting the stored pages: the product's own figures for the OCR run in the folder.
 * The re-extraction figures leave out the second readings (they need the page images and the OCR engine).
 *
 * --transcripts scores the receipts' published line transcripts instead of Docket's OCR (see transcriptPages); --tsv DIR
 * another OCR engine's reading of them (see tsvPages).
 *
 * Usage: node bench/accuracy.bench.mjs [--sets sroie-train,invoices,sroie-dev] [--data-root /tmp] [--misses] [--held] [--stored]
 *        [--transcripts | --tsv DIR] [--eval DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExtractor, sameName, storedDocuments } from './lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(`--${name}`);
const evalDir = resolve(opt('eval', join(root, '..', 'shared', 'eval')));
const dataRoot = resolve(opt('data-root', tmpdir()));
const sets = opt('sets', 'sroie-train,invoices,sroie-dev').split(',');
const TUNED = new Set(['sroie-train', 'invoices']);

// ---- scoring (shared/eval/README.md) ----
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

// ---- line items ----
const descWords = (s) =>
  String(s ?? '')
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g) ?? [];

/**
 * The truth's line items: entries with a name or description and an amount (or only a description, as in a test
 * invoice without figures); section headers and notes under a line are not items. The amount is the line's
 * subtotal, else its price (times the quantity when both are given).
 */
function truthLines(set, dir, stem) {
  if (set !== 'invoices') return null;
  const f = join(dir, `${stem}.json`);
  if (!existsSync(f)) return null;
  const t = JSON.parse(readFileSync(f, 'utf8'))[0];
  const raw = t.lines ?? t.line_items;
  if (!Array.isArray(raw)) return null;
  return raw
    .filter((l) => l.name !== undefined || l.desc !== undefined)
    .map((l) => {
      const qty = l.qty === undefined ? null : Number(l.qty);
      const unit = toAmount(l.price_unit ?? l.price);
      const amount = l.price_subtotal !== undefined ? toAmount(l.price_subtotal) : unit === null ? null : toAmount(unit * (qty ?? 1));
      return { desc: String(l.name ?? l.desc).split('\n')[0], qty, amount };
    });
}

/**
 * Found lines matched one to one with expected ones: on amount (where the truth has one), and for "all" also on
 * quantity (where the truth has one) and on description (two thirds of the words of the truth's first line).
 */
function scoreLines(want, got) {
  const descOk = (w, g) => {
    const a = descWords(w.desc);
    const b = new Set(descWords(g.description));
    return !a.length || a.filter((x) => b.has(x)).length * 3 >= a.length * 2;
  };
  const amountOk = (w, g) => w.amount === null || sameAmount(w.amount, g.amount);
  const allOk = (w, g) => amountOk(w, g) && (w.qty === null || g.quantity === w.qty) && descOk(w, g);
  const match = (ok) => {
    const used = new Set();
    let n = 0;
    for (const g of got) {
      const i = want.findIndex((w, j) => !used.has(j) && ok(w, g));
      if (i >= 0) {
        used.add(i);
        n++;
      }
    }
    return n;
  };
  // a truth without amounts (descriptions only) matches on description
  return { amount: match((w, g) => amountOk(w, g) && (w.amount !== null || descOk(w, g))), all: match(allOk) };
}

/** What each set's ground truth says, as [label, extracted field, expected value, comparison]. */
function expectations(set, dir, stem) {
  if (set === 'invoices') {
    const f = join(dir, `${stem}.json`);
    if (!existsSync(f)) return null;
    const t = JSON.parse(readFileSync(f, 'utf8'))[0];
    const keep = (k, v) => (PLACEHOLDERS.has(`${stem}.${k}`) ? null : v);
    return [
      ['issuer', 'vendor_name', keep('issuer', t.issuer), sameName],
      ['invoice_number', 'document_number', keep('invoice_number', t.invoice_number), sameNumber],
      ['date', 'issue_date', t.date, (e, g) => e === g],
      ['amount', 'total', t.amount, sameAmount],
      ['currency', 'currency', t.currency, (e, g) => String(e).toUpperCase() === String(g).toUpperCase()],
    ];
  }
  const f = join(dir, `${stem}.key.json`);
  if (!existsSync(f)) return null;
  const t = JSON.parse(readFileSync(f, 'utf8'));
  return [
    ['company', 'vendor_name', t.company, sameName],
    ['date', 'issue_date', t.date ? dayFirst(t.date) : null, (e, g) => e === g],
    ['total', 'total', t.total, sameAmount],
    // SROIE receipts are all Malaysian: ringgit, whatever stray symbol OCR reads
    ['currency', 'currency', 'MYR', (e, g) => e === g],
  ];
}

// ---- stored pages ----
function prepare(set) {
  const data = join(dataRoot, `acc-${set}`);
  if (existsSync(join(data, 'docket.db'))) return data;
  const src = join(evalDir, set);
  let input = src;
  if (set !== 'invoices') {
    // only the receipt images: the truth files beside them are not documents
    input = join(dataRoot, `acc-src-${set}`);
    mkdirSync(input, { recursive: true });
    for (const f of readdirSync(src).filter((x) => x.endsWith('.jpg')))
      if (!existsSync(join(input, f))) symlinkSync(join(src, f), join(input, f));
  }
  console.log(`${set}: reading the documents once into ${data} (OCR; slow) ...`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'docket.js'), 'process', input, '--data', data, '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0 && !existsSync(join(data, 'docket.db'))) throw new Error(`docket process failed: ${r.stderr.slice(-300)}`);
  return data;
}

/** Documents and their stored pages from a docket data folder: [{ stem, name, pages }]. */
async function storedPages(dataDir) {
  const { db, docs, pagesOf } = await storedDocuments(dataDir);
  const out = docs.map((d) => ({
    stem: d.name.replace(/\.[^.]+$/, ''),
    name: d.name,
    pages: pagesOf(d.id),
    stored: flag('stored') ? storedResult(db, d.id) : undefined,
  }));
  db.close();
  return out;
}

/** The pipeline's own result for a document, in the shape extractDocument returns (the parts scored here). */
function storedResult(db, id) {
  const doc = db.prepare('select status from documents where id = ?').get(id);
  const fields = db
    .prepare(
      "select name, coalesce(case when origin = 'user' then original_value end, value) as value, confidence from fields where document_id = ?",
    )
    .all(id)
    .map((f) => ({ name: f.name, value: f.value, confidence: f.confidence ?? 0 }));
  const issues = db.prepare('select code, field, severity from issues where document_id = ?').all(id);
  const lineItems = db
    .prepare('select description, quantity, unit_price as unitPrice, amount from line_items where document_id = ? order by idx')
    .all(id);
  const checks = db.prepare('select check_id as id, passed from checks where document_id = ?').all(id);
  return { fields, issues, lineItems, checks: checks.map((c) => ({ ...c, passed: !!c.passed })), needsReview: doc.status !== 'done' };
}

/**
 * --transcripts: the receipts' published line transcripts (<id>.box.txt: four corners and the text of each line) as
 * the page, in place of Docket's OCR: what the rules make of a perfect reading. It separates the rules' own errors,
 * and the wrong `done`s a clean reading would earn, from OCR's. Lines whose middles stand within half a line height
 * are one row, left to right (SROIE boxes a row's label and its figure apart); each word gets its share of its box
 * and a confidence of 95. The transcripts have typos of their own ("GERPANG ALAF"), which count against them.
 */
function transcriptPages(set) {
  const dir = join(evalDir, set);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.box.txt'))
    .map((f) => {
      const boxes = readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .map((l) => l.split(','))
        .filter((p) => p.length >= 9 && p.slice(8).join(',').trim())
        .map((p) => {
          const n = p.slice(0, 8).map(Number);
          return {
            x0: Math.min(n[0], n[6]),
            y0: Math.min(n[1], n[3]),
            x1: Math.max(n[2], n[4]),
            y1: Math.max(n[5], n[7]),
            text: p.slice(8).join(',').trim(),
          };
        })
        .sort((a, b) => a.y0 - b.y0);
      const rows = [];
      for (const b of boxes) {
        const mid = (b.y0 + b.y1) / 2;
        const row = rows.find((r) => Math.abs(r.mid - mid) < (b.y1 - b.y0) / 2);
        if (row) row.boxes.push(b);
        else rows.push({ mid, boxes: [b] });
      }
      const words = [];
      const text = rows
        .map((r) => {
          r.boxes.sort((a, b) => a.x0 - b.x0);
          for (const b of r.boxes) {
            let at = 0;
            for (const w of b.text.split(/\s+/)) {
              const i = b.text.indexOf(w, at);
              const x = (k) => Math.round(b.x0 + ((b.x1 - b.x0) * k) / b.text.length);
              words.push({ text: w, conf: 95, x0: x(i), y0: b.y0, x1: x(i + w.length), y1: b.y1 });
              at = i + w.length;
            }
          }
          return r.boxes.map((b) => b.text).join('   ');
        })
        .join('\n');
      const stem = f.replace(/\.box\.txt$/, '');
      return { stem, name: `${stem}.jpg`, pages: [{ index: 0, text, method: 'ocr', words }] };
    });
}

/**
 * --tsv DIR: pages from another OCR engine's TSV (tesseract's `tsv` output, <id>.tsv per receipt: level-5 rows of
 * block, paragraph, line, box, confidence and text), lines as the engine grouped them: the same rules on another
 * engine's reading. E.g. native tesseract with the model Docket ships:
 *   zcat node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz > $T/eng.traineddata
 *   tesseract X.jpg $DIR/X --tessdata-dir $T --oem 1 --psm 6 tsv      (with configs/tsv copied into $T)
 */
function tsvPages(set, tsvDir) {
  return readdirSync(tsvDir)
    .filter((f) => f.endsWith('.tsv') && existsSync(join(evalDir, set, f.replace(/\.tsv$/, '.key.json'))))
    .map((f) => {
      const lines = new Map();
      const words = [];
      for (const row of readFileSync(join(tsvDir, f), 'utf8').split('\n')) {
        const c = row.split('\t');
        const text = c.slice(11).join('\t').trim();
        if (c[0] !== '5' || !text) continue;
        const [x, y, w, h] = c.slice(6, 10).map(Number);
        words.push({ text, conf: Math.max(0, Number(c[10])), x0: x, y0: y, x1: x + w, y1: y + h });
        const key = c.slice(2, 5).join('.');
        lines.set(key, [...(lines.get(key) ?? []), text]);
      }
      const stem = f.replace(/\.tsv$/, '');
      const text = [...lines.values()].map((ws) => ws.join(' ')).join('\n');
      return { stem, name: `${stem}.jpg`, pages: [{ index: 0, text, method: 'ocr', words }] };
    });
}

// ---- report ----
const BUCKETS = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01];
const pct = (r, t) => (t ? `${((100 * r) / t).toFixed(1)}%` : 'n/a');

if (!existsSync(evalDir)) {
  console.log(`accuracy: no eval data at ${evalDir} (pass --eval DIR); nothing to measure`);
  process.exit(0);
}
const { extractDocument } = await loadExtractor();
const misses = [];
/** Documents sent to review whose key fields were all right, with what held them (--held). */
const held = [];
const summary = [];
for (const set of sets) {
  const dir = join(evalDir, set);
  if (!existsSync(dir)) continue;
  if ((flag('transcripts') || opt('tsv')) && set === 'invoices') continue;
  const docs = flag('transcripts')
    ? transcriptPages(set)
    : opt('tsv')
      ? tsvPages(set, resolve(opt('tsv')))
      : await storedPages(prepare(set));
  const tally = {};
  const rel = BUCKETS.slice(0, -1).map(() => ({ r: 0, t: 0 }));
  let scored = 0;
  let done = 0;
  let doneRight = 0;
  let ms = 0;
  const reasons = new Map();
  // line items: [document, expected, found, right on amount, right on all]; the lines checks on done documents
  const lineRows = [];
  const lineCheckTally = () => ({
    'sum.lines-subtotal': { pass: 0, fail: 0 },
    'sum.lines-total': { pass: 0, fail: 0 },
    withLines: 0,
    n: 0,
  });
  const lineChecks = { all: lineCheckTally(), done: lineCheckTally() };
  for (const d of docs) {
    const exp = expectations(set, dir, d.stem);
    if (!exp) continue;
    const t0 = performance.now();
    const res = d.stored ?? extractDocument(d.pages, {});
    ms += performance.now() - t0;
    scored++;
    let allRight = true;
    for (const [label, name, want, same] of exp) {
      if (want === null || want === undefined || want === '') continue;
      const f = res.fields.find((x) => x.name === name);
      const right = same(want, f?.value ?? null);
      tally[label] ??= { r: 0, t: 0 };
      tally[label].t++;
      if (right) tally[label].r++;
      else {
        allRight = false;
        misses.push(
          `${set}/${d.name}.${label}: want ${JSON.stringify(want)} got ${JSON.stringify(f?.value ?? null)} (${f?.confidence ?? 0})${res.needsReview ? '' : ' DONE'}`,
        );
      }
      if (f?.value) {
        const b = BUCKETS.findIndex((x, i) => f.confidence >= x && f.confidence < BUCKETS[i + 1]);
        rel[b].t++;
        if (right) rel[b].r++;
      }
    }
    const wantLines = truthLines(set, dir, d.stem);
    if (wantLines) lineRows.push([d.name, wantLines.length, res.lineItems.length, scoreLines(wantLines, res.lineItems)]);
    for (const t of res.needsReview ? [lineChecks.all] : [lineChecks.all, lineChecks.done]) {
      t.n++;
      if (res.lineItems.length) t.withLines++;
      for (const c of res.checks ?? []) if (t[c.id]) t[c.id][c.passed ? 'pass' : 'fail']++;
    }
    if (!res.needsReview) {
      done++;
      if (allRight) doneRight++;
    } else if (allRight)
      held.push(
        `${set}/${d.name}: ${res.issues
          .filter((x) => x.severity === 'error' || x.code === 'low_confidence')
          .map((i) => `${i.code}${i.field ? ` (${i.field} ${res.fields.find((f) => f.name === i.field)?.confidence ?? ''})` : ''}`)
          .join(', ')}`,
      );
    if (res.needsReview)
      for (const i of res.issues.filter((x) => x.severity === 'error' || x.code === 'low_confidence'))
        reasons.set(`${i.code}${i.field ? ` (${i.field})` : ''}`, (reasons.get(`${i.code}${i.field ? ` (${i.field})` : ''}`) ?? 0) + 1);
  }
  console.log(
    `\n== ${set}${TUNED.has(set) ? '' : ' (not tuned on)'}: ${scored} documents, ${(ms / Math.max(1, scored)).toFixed(1)} ms each`,
  );
  console.log('field            right/total   accuracy');
  for (const [f, { r, t }] of Object.entries(tally)) console.log(`${f.padEnd(16)} ${`${r}/${t}`.padStart(11)}   ${pct(r, t).padStart(7)}`);
  console.log(`precision of done   ${doneRight}/${done}   ${pct(doneRight, done)}`);
  console.log(`straight-through    ${done}/${scored}   ${pct(done, scored)}`);
  console.log('confidence   right/values');
  rel.forEach(({ r, t }, i) => {
    if (t)
      console.log(
        `[${BUCKETS[i].toFixed(2)}, ${Math.min(1, BUCKETS[i + 1]).toFixed(2)}${i === rel.length - 1 ? ']' : ')'}  ${`${r}/${t}`.padStart(8)}   ${pct(r, t)}`,
      );
  });
  let lineSummary = '';
  if (lineRows.length) {
    const row = (name, cells) => `${name.slice(0, 28).padEnd(28)} ${cells.map((c, i) => String(c).padStart([8, 6, 14, 11][i])).join(' ')}`;
    console.log('line items                   expected  found  right(amount)  right(all)');
    const sum = [0, 0, 0, 0];
    for (const [name, want, got, { amount, all }] of lineRows) {
      console.log(row(name, [want, got, amount, all]));
      [want, got, amount, all].forEach((v, i) => (sum[i] += v));
    }
    console.log(row('all', sum));
    lineSummary = `; lines ${sum[1]} found of ${sum[0]}, right ${sum[2]} (amount) / ${sum[3]} (all)`;
  }
  for (const [which, t] of Object.entries(lineChecks)) {
    const lc = Object.entries(t).filter(([k]) => k.startsWith('sum.'));
    console.log(
      `lines checks, ${which} documents (${t.withLines}/${t.n} with lines): ${lc.map(([k, { pass, fail }]) => `${k} ${pass} pass / ${fail} fail`).join(', ')}`,
    );
    if (which === 'done')
      lineSummary += `; done with lines ${t.withLines}, ${lc.map(([k, { pass, fail }]) => `${k.slice(4)} ${pass}/${pass + fail}`).join(', ')}`;
  }
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (top.length) console.log(`review reasons: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  summary.push(
    `${set}: ${Object.entries(tally)
      .map(([f, { r, t }]) => `${f} ${pct(r, t)}`)
      .join(', ')}; done precision ${pct(doneRight, done)}, straight-through ${pct(done, scored)}${lineSummary}`,
  );
}
console.log(`\n${summary.join('\n')}`);
if (flag('misses')) console.log(`\nmisses:\n${misses.join('\n')}`);
if (flag('held')) console.log(`\nin review with every key field right:\n${held.join('\n')}`);
