import {
  DOC_TYPES,
  FIELD_NAMES,
  type DocType,
  type ExtractedField,
  type ExtractionResult,
  type FieldName,
  type FieldSource,
  type LineItem,
} from '../../contract/domain.js';
import { findAmounts, formatAmount, parseAmount } from '../extract/amounts.js';
import { currencyFromToken } from '../extract/currency.js';
import { findDateTokens, parseDate, resolveDate } from '../extract/dates.js';
import { fold, splitLines, spanIn, type Line } from '../extract/text.js';
import { validateExtraction } from '../extract/validate.js';
import { acceptedAnswerSchema, type AcceptedAnswer } from './prompt.js';

/** Confidence of an LLM field when the model does not give one. */
export const DEFAULT_LLM_CONFIDENCE = 0.9;
/** A value we cannot find in the text may be invented: still shown, but weaker than one we can point at. */
const UNLOCATED_FACTOR = 0.8;

export type ParsedAnswer = { ok: true; answer: AcceptedAnswer } | { ok: false; error: string };

/** Models wrap JSON in code fences or add a sentence despite instructions; take the outermost object. */
function jsonText(content: string): string {
  const t = content.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(t);
  if (fenced) return fenced[1]!;
  if (t.startsWith('{')) return t;
  const a = t.indexOf('{');
  const b = t.lastIndexOf('}');
  return a >= 0 && b > a ? t.slice(a, b + 1) : t;
}

export function parseAnswer(content: string): ParsedAnswer {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText(content));
  } catch {
    return { ok: false, error: `not JSON: ${content.slice(0, 80)}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'not a JSON object' };
  const r = acceptedAnswerSchema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    return { ok: false, error: `${first?.path.join('.') || 'answer'}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, answer: r.data };
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s && !/^(null|n\/?a|none|unknown|-)$/i.test(s) ? s : null;
};

function amount(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = text(v);
  return s === null ? null : parseAmount(s.replace(/[^\d.,()\-−\s]/g, '').trim());
}

interface Ctx {
  pages: ReadonlyArray<{ index: number; text: string }>;
  lines: Line[];
}

function locateText(ctx: Ctx, value: string): FieldSource | null {
  const needle = fold(value);
  if (needle.length < 2) return null;
  for (const p of ctx.pages) {
    const at = fold(p.text ?? '').indexOf(needle);
    if (at >= 0) return { page: p.index, start: at, end: at + value.length };
  }
  return null;
}

function locateAmount(ctx: Ctx, v: number, preferLast: boolean): FieldSource | null {
  let found: FieldSource | null = null;
  for (const line of ctx.lines) {
    for (const a of findAmounts(line.text)) {
      if (Math.abs(Math.abs(a.value) - Math.abs(v)) < 0.005) {
        found = spanIn(line, a.start, a.end);
        if (!preferLast) return found;
      }
    }
  }
  return found;
}

function locateDate(ctx: Ctx, iso: string): FieldSource | null {
  for (const line of ctx.lines) {
    for (const t of findDateTokens(line.text)) {
      if (resolveDate(t, 'DMY') === iso || resolveDate(t, 'MDY') === iso) return spanIn(line, t.start, t.end);
    }
  }
  return null;
}

function rawAt(ctx: Ctx, s: FieldSource | null): string | null {
  if (!s) return null;
  const p = ctx.pages.find((x) => x.index === s.page);
  return p ? p.text.slice(s.start, s.end) : null;
}

const AMOUNT_FIELDS = new Set<FieldName>(['subtotal', 'tax', 'total']);
const DATE_FIELDS = new Set<FieldName>(['issue_date', 'due_date']);

function answerValue(a: AcceptedAnswer, name: FieldName): unknown {
  // Servers without structured output sometimes use the everyday key; accept those as aliases.
  if (name === 'vendor_name') return a.vendor_name ?? a.vendor;
  if (name === 'document_number') return a.document_number ?? a.invoice_number;
  return a[name];
}

function field(ctx: Ctx, a: AcceptedAnswer, name: FieldName, conf: number, locale: string | undefined): ExtractedField | null {
  const given = answerValue(a, name);
  let value: string | null;
  let source: FieldSource | null;
  if (AMOUNT_FIELDS.has(name)) {
    const v = amount(given);
    if (v === null) return null;
    value = formatAmount(v);
    source = locateAmount(ctx, v, name === 'total');
  } else if (DATE_FIELDS.has(name)) {
    const s = text(given);
    if (s === null) return null;
    value = /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : parseDate(s, { locale });
    if (value === null) return null;
    source = locateDate(ctx, value);
  } else if (name === 'currency') {
    const s = text(given);
    if (s === null) return null;
    value = currencyFromToken(s) ?? (/^[A-Za-z]{3}$/.test(s) ? s.toUpperCase() : null);
    if (value === null) return null;
    source = locateText(ctx, value) ?? (s !== value ? locateText(ctx, s) : null);
  } else {
    value = text(given);
    if (value === null) return null;
    source = locateText(ctx, value);
  }
  const confidence = Math.round((source ? conf : conf * UNLOCATED_FACTOR) * 100) / 100;
  return { name, value, raw: rawAt(ctx, source) ?? text(given), confidence, source, origin: 'llm' };
}

/**
 * The model's answer as an ExtractionResult, checked by the same validator as the rules' result. Fields the
 * model left empty keep what the rules found: "not stated" from a model that must not guess is no reason to
 * drop a value the rules located.
 */
export function toExtraction(
  a: AcceptedAnswer,
  pages: ReadonlyArray<{ index: number; text: string }>,
  rules: ExtractionResult | null,
  locale?: string,
): ExtractionResult {
  const ctx: Ctx = { pages, lines: splitLines(pages.map((p) => ({ index: p.index, text: p.text ?? '', method: 'text' as const }))) };
  const given = typeof a.confidence === 'number' ? a.confidence : amount(a.confidence);
  const conf = given !== null && given >= 0 && given <= 1 ? given : DEFAULT_LLM_CONFIDENCE;
  const docType: DocType = (DOC_TYPES as readonly string[]).includes(String(a.document_type))
    ? (a.document_type as DocType)
    : (rules?.docType ?? 'other');

  const fields: ExtractedField[] = [];
  for (const name of FIELD_NAMES) {
    const f = field(ctx, a, name, conf, locale);
    if (f) fields.push(f);
    else {
      const r = rules?.fields.find((x) => x.name === name && x.value !== null && x.value !== '');
      if (r) fields.push(r);
    }
  }

  const items: LineItem[] = [];
  for (const li of a.line_items ?? []) {
    const description = text(li.description);
    if (description === null) continue;
    items.push({
      description,
      quantity: amount(li.quantity),
      unitPrice: amount(li.unit_price),
      amount: amount(li.amount),
      source: locateText(ctx, description),
    });
  }
  const lineItems = items.length ? items : (rules?.lineItems ?? []);

  const v = validateExtraction(fields, lineItems, { docType });
  return { docType, docTypeConfidence: conf, fields, lineItems, issues: v.issues, confidence: v.confidence, needsReview: v.needsReview };
}
