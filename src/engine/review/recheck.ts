/**
 * After a clerk's edit the document's checks and issues are worked out again from its current values, so the
 * reasons the grid and the document screen show are about what is stored now ("total is 18.60" goes once the total
 * is corrected). The checks that involve an edited field run again over the stored values; checks on untouched
 * fields keep their outcome from extraction (some of them read figures, like cash and change, that only extraction
 * saw). The status itself is left as it is: marking reviewed is the clerk's decision.
 */
import type { CheckOutcome, DocType, ExtractedField, FieldName } from '../../contract/domain.js';
import { CHECKS, draftCountry, runChecks, type Draft } from '../extract/checks/index.js';
import { decideStatus } from '../extract/status.js';
import { DEFAULT_REVIEW_THRESHOLD } from '../extract/validate.js';
import { batchOptions, getBatchRow } from '../store/batches.js';
import type { Db } from '../store/db.js';
import { getDocumentRow } from '../store/documents.js';
import { documentChecks, documentEvidence, replaceEvidence } from '../store/evidence.js';
import { documentFields } from '../store/fields.js';
import { documentIssues, replaceIssues } from '../store/issues.js';
import { documentLineItems } from '../store/line-items.js';
import { pageTexts } from '../store/pages.js';

/** Pages of text the checks look at (vendor and currency cues sit on the first pages). */
const TEXT_PAGES = 3;

/** The locale an edit of this document is read in: its batch's, else the settings' default. */
export function documentLocale(db: Db, documentId: number, fallback: string | null): string | null {
  const doc = getDocumentRow(db, documentId);
  const batch = doc ? getBatchRow(db, doc.batch_id) : undefined;
  return (batch ? batchOptions(batch).locale : undefined) ?? fallback;
}

/** Recompute the document's checks and issues from its stored values; `changed`: the fields this action changed. */
export function recheckDocument(db: Db, documentId: number, changed: readonly string[] = [], now = new Date()): void {
  db.transaction(() => {
    const doc = getDocumentRow(db, documentId);
    if (!doc || doc.status === 'queued' || doc.status === 'processing') return;
    const batch = getBatchRow(db, doc.batch_id);
    const options = batch ? batchOptions(batch) : {};
    const docType: DocType = doc.doc_type ?? 'other';
    const evidence = documentEvidence(db, documentId);
    const rows = documentFields(db, documentId);
    const edited = new Set(rows.filter((f) => f.origin === 'user').map((f) => f.name as FieldName));
    const values: Draft['values'] = {};
    for (const f of rows) values[f.name as FieldName] = f.value;
    const text = pageTexts(db, documentId, TEXT_PAGES)
      .map((p) => p.text)
      .join('\n');
    const lineItems = documentLineItems(db, documentId);
    const localeCountry = options.locale?.split(/[-_]/)[1]?.toUpperCase() ?? null;
    const draft: Draft = { docType, values, lineItems, extras: {}, country: null, localeCountry, language: null, text, now };
    draft.country = draftCountry(draft);

    // checks over a field changed now or typed by a person run again; the rest keep what extraction found
    const touched = new Set<string>([...edited, ...changed]);
    const rerun = CHECKS.filter((c) => c.fields.some((f) => touched.has(f)));
    const fresh = new Map(runChecks(draft, rerun).map((c) => [c.id, c]));
    const stored = new Map(documentChecks(db, documentId).map((c) => [c.id, c]));
    const filled = (f: string) => f === 'line_items' || (values[f as FieldName] ?? '') !== '';
    const checks: CheckOutcome[] = [];
    for (const old of stored.values()) {
      const c = rerun.find((x) => x.id === old.id);
      if (!c) checks.push(old);
      else if (fresh.has(c.id)) checks.push(fresh.get(c.id)!);
      // it did not run on the values alone: it reads figures only extraction saw (cash, change), so its outcome stands
      // while its fields hold the machine's values, and goes once a person changed one or one is empty
      else if (c.fields.every(filled) && !c.fields.some((f) => edited.has(f as FieldName))) checks.push(old);
    }
    for (const [id, c] of fresh) if (!stored.has(id)) checks.push(c);

    const fields: ExtractedField[] = rows.map((f) => {
      const e = evidence.get(f.name as FieldName);
      const mine = checks.filter((c) => c.fields.includes(f.name as FieldName));
      return {
        name: f.name as FieldName,
        value: f.value,
        raw: f.raw,
        confidence: f.confidence ?? 0,
        source: null,
        origin: f.origin as ExtractedField['origin'],
        evidence: {
          rules: e?.rules ?? [],
          checksPassed: mine.filter((c) => c.passed).map((c) => c.id),
          checksFailed: mine.filter((c) => !c.passed).map((c) => c.id),
          ...(e?.learnedFrom !== undefined ? { learnedFrom: e.learnedFrom } : {}),
        },
      };
    });
    const hadUnsettledOrder = documentIssues(db, documentId).some((i) => i.code === 'ambiguous_date_order');
    const status = decideStatus({
      docType,
      fields,
      lineItems,
      checks,
      reviewThreshold: options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD,
      now,
      dateOrderUnsettled: hadUnsettledOrder && !edited.has('issue_date'),
      ocr: doc.method === 'ocr' || doc.method === 'mixed',
    });
    // A value the clerk typed was read by a person off the page: it needs no second figure to confirm it.
    const issues = status.issues.filter((i) => !(i.field && edited.has(i.field as FieldName) && i.code === 'total_unconfirmed'));
    replaceEvidence(db, documentId, { fields, checks });
    replaceIssues(db, documentId, issues);
  })();
}
