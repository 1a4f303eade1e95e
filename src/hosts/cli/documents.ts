/**
 * `docket list` and `docket show`: the documents of a data folder, by id. `list` prints the ids `show` takes.
 * Both only read, so they open the engine read-only and work beside a running Docket.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { DocumentDetail, DocumentRow, PageDetail } from '../../contract/domain.js';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../contract/vocabulary.js';
import type { Engine } from '../../engine/engine.js';
import { UsageError } from './common.js';

/** Opens the engine read-only when the command runs (the module that does it is loaded then, not at start-up). */
export interface DocumentCommandDeps {
  openReadOnly(dataFlag: string | undefined): Promise<Pick<Engine, 'listDocuments' | 'getDocument' | 'getEInvoice' | 'close'>>;
}

export function positiveIntId(what: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be a ${what} (a positive whole number)`);
    return n;
  };
}

/** "done,needs_review" -> the statuses, refusing an unknown word with the list of known ones. */
export function parseStatuses(v: string): DocumentStatus[] {
  const words = v
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/[- ]/g, '_'))
    .filter(Boolean);
  const bad = words.filter((w) => !(DOCUMENT_STATUSES as readonly string[]).includes(w));
  if (bad.length || !words.length)
    throw new InvalidArgumentError(`must be one or more of ${DOCUMENT_STATUSES.join(', ')} (comma separated)`);
  return [...new Set(words)] as DocumentStatus[];
}

const money = (n: number | null, currency: string | null) => (n === null ? '' : `${n.toFixed(2)}${currency ? ` ${currency}` : ''}`);

/** Where a page's time went, e.g. "inspect 2.1 ms, extract 0.9 ms, write 0.3 ms": the steps that ran, in order. */
export function stepsText(steps: PageDetail['steps']): string {
  if (!steps) return '';
  const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
  const named: Array<[string, number | null]> = [
    ['inspect', steps.inspect],
    ['render', steps.render],
    ['OCR', steps.ocr],
    ['extract', steps.extract],
    ['write', steps.write],
  ];
  return named
    .filter((s): s is [string, number] => s[1] !== null)
    .map(([name, v]) => `${name} ${ms(v)}`)
    .join(', ');
}

/** One line per document: the id first (what `docket show` takes), then what a clerk scans the list by. */
export function listLine(d: DocumentRow): string {
  const what = [d.vendor, d.docNumber, d.issueDate, money(d.total, d.currency)].filter(Boolean).join('  ');
  const reason = d.status === 'failed' || d.status === 'skipped' ? (d.reason ?? '') : '';
  return `${String(d.id).padStart(6)}  ${d.status.padEnd(12)}  batch ${String(d.batchId).padEnd(4)} ${d.name}${what ? `  ${what}` : ''}${reason ? `  (${reason})` : ''}`;
}

export function registerDocumentCommands(program: Command, deps: DocumentCommandDeps): void {
  program
    .command('list')
    .description('list documents with their ids (the ids "docket show" takes)')
    .option('--data <dir>', 'data folder')
    .option('--batch <id>', 'only this batch', positiveIntId('batch id'))
    .option('--status <list>', `only these statuses, comma separated (${DOCUMENT_STATUSES.join(', ')})`, parseStatuses)
    .option('--limit <n>', 'at most this many documents', positiveIntId('number'))
    .option('--json', 'print one JSON object {total, documents}')
    .action(async (o: { data?: string; batch?: number; status?: DocumentStatus[]; limit?: number; json?: boolean }) => {
      const engine = await deps.openReadOnly(o.data);
      try {
        const rows: DocumentRow[] = [];
        let after: string | null = null;
        let total = 0;
        // Keyset pages of up to 1000 rows, in id order, until the limit or the end.
        do {
          const want: number = Math.min(1000, (o.limit ?? Number.POSITIVE_INFINITY) - rows.length);
          const page = await engine.listDocuments({
            ...(o.batch ? { batchId: o.batch } : {}),
            ...(o.status ? { status: o.status } : {}),
            after,
            limit: want,
          });
          rows.push(...page.rows);
          total = page.total;
          after = page.next;
        } while (after && rows.length < (o.limit ?? Number.POSITIVE_INFINITY));
        if (o.json) {
          process.stdout.write(JSON.stringify({ total, documents: rows }) + '\n');
          return;
        }
        if (!rows.length) {
          process.stdout.write(o.batch || o.status ? 'no documents match\n' : 'no documents yet: run "docket process <folder>"\n');
          return;
        }
        process.stdout.write(rows.map(listLine).join('\n') + '\n');
        process.stdout.write(
          `${rows.length < total ? `${rows.length} of ${total}` : total} document${total === 1 ? '' : 's'}; see one with "docket show <id>"\n`,
        );
      } finally {
        await engine.close();
      }
    });

  program
    .command('show')
    .description('print one document: status, reason, method, pages with text and OCR confidence, fields')
    .argument('<documentId>', 'document id (see "docket list")', positiveIntId('document id'))
    .option('--data <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (id: number, o: { data?: string; json?: boolean }) => {
      const engine = await deps.openReadOnly(o.data);
      let d: DocumentDetail | null;
      let e: Awaited<ReturnType<typeof engine.getEInvoice>>;
      try {
        d = await engine.getDocument(id);
        // An e-invoice's full reading (parties, VAT breakdown, payment, profile) goes with it.
        e = d ? await engine.getEInvoice(id) : null;
      } finally {
        await engine.close();
      }
      if (!d) throw new UsageError(`no document ${id} in this data folder (see "docket list")`);
      if (o.json) process.stdout.write(JSON.stringify({ ...showJson(d), ...(e ? { einvoice: e } : {}) }) + '\n');
      else {
        const from = e ? (e.attachment ? `the embedded ${e.attachment}` : 'the XML file') : '';
        const about = e ? `\ne-invoice: read from ${from} (${[e.invoice.syntax, e.invoice.profile].filter(Boolean).join(', ')})` : '';
        process.stdout.write(showText(d) + about + '\n');
      }
    });
}

/**
 * Where a field stood: its page (1-based, as printed), and the box around its words in that page's own space
 * (OCR pages: pixels of the image OCR read; text-layer pages: points), with the page size to scale it by.
 */
function fieldPlace(d: DocumentDetail, f: DocumentDetail['fields'][number]) {
  const src = f.source;
  if (!src) return { page: null, box: null };
  const page = d.pages.find((p) => p.index === src.page);
  const boxes = src.boxes ?? [];
  const box = boxes.length
    ? {
        x0: Math.min(...boxes.map((b) => b.x0)),
        y0: Math.min(...boxes.map((b) => b.y0)),
        x1: Math.max(...boxes.map((b) => b.x1)),
        y1: Math.max(...boxes.map((b) => b.y1)),
        unit: page?.method === 'text' ? ('pt' as const) : ('px' as const),
        pageWidth: page?.width ?? null,
        pageHeight: page?.height ?? null,
      }
    : null;
  return { page: src.page + 1, box };
}

function showJson(d: DocumentDetail) {
  const { events, ...rest } = d;
  return {
    ...rest,
    fields: Object.fromEntries(
      d.fields.map((f) => [
        f.name,
        {
          value: f.value,
          raw: f.raw,
          confidence: f.confidence,
          ...fieldPlace(d, f),
          source: f.source,
          origin: f.origin,
          rules: f.evidence?.rules ?? [],
          checksPassed: f.evidence?.checksPassed ?? [],
          checksFailed: f.evidence?.checksFailed ?? [],
          ...(f.evidence?.learnedFrom !== undefined ? { learnedFrom: f.evidence.learnedFrom } : {}),
          validation: d.issues.filter((i) => i.field === f.name).map((i) => i.message),
        },
      ]),
    ),
    checks: d.checks ?? [],
    validation: d.issues,
    log: events,
  };
}

/** One short line of evidence under a field: where it stood, which rules found it, which checks it passed and failed. */
function evidenceLine(d: DocumentDetail, f: DocumentDetail['fields'][number]): string | null {
  if (f.value === null || f.origin === 'user') return null;
  const { page, box } = fieldPlace(d, f);
  const e = f.evidence;
  const parts = [
    page !== null
      ? `p.${page}${box ? ` at ${Math.round(box.x0)},${Math.round(box.y0)}-${Math.round(box.x1)},${Math.round(box.y1)} ${box.unit}` : ''}`
      : null,
    e?.rules.length ? `rules ${e.rules.join(', ')}` : null,
    e?.checksPassed.length ? `passed ${e.checksPassed.join(', ')}` : null,
    e?.checksFailed.length ? `FAILED ${e.checksFailed.join(', ')}` : null,
    e?.learnedFrom ? `learned from ${e.learnedFrom} correction(s)` : null,
  ].filter(Boolean);
  return parts.length ? `${' '.repeat(19)}${parts.join('; ')}` : null;
}

/** Where the document came from, what it holds, and what it duplicates: the intake lines of `docket show`. */
export function intakeLines(d: DocumentDetail): string[] {
  const lines: string[] = [];
  const s = d.source;
  if (s) {
    const how =
      s.origin === 'split-part'
        ? `pages ${s.firstPage === s.lastPage ? s.firstPage : `${s.firstPage}-${s.lastPage}`} of`
        : s.origin === 'attachment'
          ? `attachment${s.originName ? ` "${s.originName}"` : ''} of`
          : `entry "${s.originName ?? ''}" of`;
    lines.push(`  from   ${how} #${s.parentId} ${s.parentName}`);
    if (s.email)
      lines.push(
        `  e-mail from ${s.email.sender ?? '?'}${s.email.sentAt ? `, ${s.email.sentAt}` : ''}${s.email.subject ? `: "${s.email.subject}"` : ''}`,
      );
  }
  if (d.parts?.length) {
    lines.push(`  parts  ${d.parts.length}`);
    for (const p of d.parts) {
      const pages = p.firstPage !== null ? `pages ${p.firstPage === p.lastPage ? p.firstPage : `${p.firstPage}-${p.lastPage}`}  ` : '';
      const what = [p.vendor, p.docNumber, p.total !== null ? p.total.toFixed(2) : null].filter(Boolean).join('  ');
      lines.push(`    #${String(p.id).padEnd(6)} ${p.status.padEnd(12)} ${pages}${p.name}${what ? `  ${what}` : ''}`);
    }
  }
  const dup = d.duplicate;
  if (dup)
    lines.push(
      dup.kind === 'exact'
        ? `  duplicate of #${dup.documentId} ${dup.name}, first seen in batch ${dup.batchId} "${dup.batchName}"`
        : `  possible duplicate of #${dup.documentId} ${dup.name} in batch ${dup.batchId} "${dup.batchName}" (${dup.why})`,
    );
  return lines;
}

function showText(d: DocumentDetail): string {
  const lines = [
    `#${d.id} ${d.path}`,
    `  status ${d.status}${d.reason ? ` (${d.reason})` : ''}; method ${d.method ?? '-'}; ${d.pageCount ?? 0} page(s); type ${d.docType ?? '-'}`,
    ...intakeLines(d),
  ];
  for (const f of d.fields) {
    lines.push(`  ${f.name.padEnd(16)} ${f.value ?? ''}  (${Math.round(f.confidence * 100)}%, ${f.origin})`);
    const ev = evidenceLine(d, f);
    if (ev) lines.push(ev);
  }
  for (const c of d.checks ?? []) lines.push(`  ${c.passed ? 'ok  ' : 'FAIL'} ${c.id}: ${c.message}`);
  for (const i of d.issues) lines.push(`  ! ${i.message}`);
  for (const p of d.pages) {
    const steps = stepsText(p.steps);
    lines.push(
      `--- page ${p.index + 1} (${p.method}${p.confidence !== null ? `, confidence ${Math.round(p.confidence)}%` : ''}${steps ? `; ${steps}` : ''})`,
    );
    lines.push(p.text);
  }
  return lines.join('\n');
}
