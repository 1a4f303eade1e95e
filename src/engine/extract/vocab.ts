/**
 * The extractor's knowledge of words, as data: one file per language under vocab/ (field labels, document titles,
 * till words) and the legal-form suffixes per country. The finders ask for a label kind and get a pattern over
 * the union of every language, so a new language is a new file, not a new regex. Phrases are written as printed
 * (accents and all) and matched on folded text (lower case, accents stripped), whose offsets equal the original's.
 */
import de from './vocab/de.json' with { type: 'json' };
import en from './vocab/en.json' with { type: 'json' };
import es from './vocab/es.json' with { type: 'json' };
import fr from './vocab/fr.json' with { type: 'json' };
import it from './vocab/it.json' with { type: 'json' };
import legal from './vocab/legal-forms.json' with { type: 'json' };
import ms from './vocab/ms.json' with { type: 'json' };
import nl from './vocab/nl.json' with { type: 'json' };
import pl from './vocab/pl.json' with { type: 'json' };
import pt from './vocab/pt.json' with { type: 'json' };
import sv from './vocab/sv.json' with { type: 'json' };
import { fold } from './text.js';

export const LABEL_KINDS = [
  'number',
  'date',
  'due',
  'other_date',
  'total_strong',
  'total',
  'total_head',
  'subtotal',
  'tax',
  'po',
  'customer',
  'vendor',
  'marketplace',
  'paid',
  'cash',
  'change',
  'balance',
  'rounding',
  'discount',
  'shipping',
  'card',
  'invoice_title',
  'receipt_title',
  'credit_title',
  'po_title',
  'invoice_ref',
  'till',
  'cashier',
  'billing',
  'count',
  'other_money',
  'business_word',
  'company_reg',
  'col_desc',
  'col_qty',
  'col_price',
  'col_amount',
  'col_tax',
  'col_rate',
  'col_disc',
  'col_pos',
  'line_included',
  'qty_unit',
] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface Vocabulary {
  language: string;
  /** Countries (ISO 3166-1 alpha-2) where documents in this language are usual. */
  region: string[];
  labels: Record<LabelKind, string[]>;
}

function load(raw: Record<string, unknown>): Vocabulary {
  const labels = {} as Record<LabelKind, string[]>;
  for (const k of LABEL_KINDS) labels[k] = Array.isArray(raw[k]) ? (raw[k] as string[]) : [];
  return { language: String(raw.language), region: (raw.region as string[]) ?? [], labels };
}

export const VOCABULARIES: readonly Vocabulary[] = [en, de, fr, nl, es, it, pt, sv, ms, pl].map((v) => load(v as Record<string, unknown>));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Rule 'label.number-sign': the abbreviations of "number" are one sign written many ways (n°, nº, n.º, no., nr., #,
 * núm.), and a vocabulary lists one or two of them, so in number and order-number labels any one stands for all:
 * "fatura nº" also reads "Fatura n.º" and "Fatura nr.". Only there: elsewhere "no" is a word ("no refund").
 */
const NUMBER_SIGN_TOKEN = /^(?:no|n°|nr|n\.o|n\.°|n|num|#)\.?$/;
// OCR reads the small raised o of "n.º" as a 2 ("N.2 Fatura")
const NUMBER_SIGN = String.raw`(?:n\.?\s?[o°2]\.?|nr\.?|num\.?|n\.?|#)`;
const NUMBERED_KINDS: readonly LabelKind[] = ['number', 'po', 'invoice_ref'];

/** A phrase as a pattern over folded text: any run of spaces matches one or more whitespace characters. */
export function phrasePattern(phrase: string): string {
  return tokensPattern(phrase, false);
}

function tokensPattern(phrase: string, numberSign: boolean): string {
  return fold(phrase.trim())
    .split(/\s+/)
    .map((w) => (numberSign && NUMBER_SIGN_TOKEN.test(w) ? NUMBER_SIGN : escape(w)))
    .join(String.raw`\s+`);
}

/** Every language's phrases for a label kind, longest first (so "total due" wins over "total"). */
export function phrases(kind: LabelKind, languages?: readonly string[]): string[] {
  const set = new Set<string>();
  for (const v of VOCABULARIES) if (!languages || languages.includes(v.language)) for (const p of v.labels[kind]) set.add(p);
  return [...set].sort((a, b) => b.length - a.length);
}

const cache = new Map<string, RegExp>();
/**
 * A regex over folded text matching any phrase of the kinds given, as whole words. Global regexes are shared:
 * callers reset lastIndex (or use matchAll on a copy).
 */
export function labelRe(kinds: LabelKind | readonly LabelKind[], flags = ''): RegExp {
  const ks = typeof kinds === 'string' ? [kinds] : kinds;
  const key = `${ks.join(',')}/${flags}`;
  let re = cache.get(key);
  if (!re) {
    const numberSign = ks.some((k) => NUMBERED_KINDS.includes(k));
    const alts = [...new Set(ks.flatMap((k) => phrases(k)))].sort((a, b) => b.length - a.length).map((p) => tokensPattern(p, numberSign));
    // a phrase ending in punctuation ("to:", "p.o.") has its own boundary
    re = new RegExp(String.raw`(?<![a-z0-9])(?:${alts.join('|')})(?![a-z0-9])`, flags);
    cache.set(key, re);
  }
  return re;
}

/** Whether folded text contains a label of the kind. */
export function hasLabel(foldedText: string, kinds: LabelKind | readonly LabelKind[]): boolean {
  return labelRe(kinds).test(foldedText);
}

/**
 * The language whose own labels the text uses most (English breaks a tie against no one: another language with as
 * many labels of its own wins).
 */
export function languageOf(text: string): string | null {
  const f = fold(text);
  let best: { lang: string; n: number } | null = null;
  for (const { language, re } of languageRes()) {
    const seen = new Set<string>();
    for (const m of f.matchAll(re)) seen.add(m[0].replace(/\s+/g, ' '));
    const n = seen.size - (language === 'en' ? 0.5 : 0);
    if (seen.size && (!best || n > best.n)) best = { lang: language, n };
  }
  return best ? best.lang : null;
}

let langRes: Array<{ language: string; re: RegExp }> | null = null;
/**
 * One regex per language over its own labels of four letters or more; words English shares ("total", "date") do
 * not count for the other language, since English labels turn up everywhere.
 */
function languageRes(): Array<{ language: string; re: RegExp }> {
  if (langRes) return langRes;
  const english = new Set(LABEL_KINDS.flatMap((k) => VOCABULARIES.find((v) => v.language === 'en')?.labels[k] ?? []).map((p) => fold(p)));
  langRes = VOCABULARIES.map((v) => {
    const own = (p: string) => v.language === 'en' || !english.has(fold(p));
    const ps = [...new Set(LABEL_KINDS.flatMap((k) => v.labels[k]).filter((p) => p.length >= 4 && own(p)))].sort(
      (a, b) => b.length - a.length,
    );
    return {
      language: v.language,
      re: new RegExp(String.raw`(?<![a-z0-9])(?:${ps.map(phrasePattern).join('|')})(?![a-z0-9])`, 'g'),
    };
  });
  return langRes;
}

// ---- legal forms ----

const LEGAL_FORMS: Record<string, string[]> = (legal as { forms: Record<string, string[]> }).forms;

/**
 * Letters OCR confuses with one another in printed suffixes (SDN BHD read as SON BHO, 5DN 8HD). Applied whole only
 * to forms of three letters or more, where a confusion cannot turn a word into a different short form.
 */
const OCR_CONFUSABLE: Record<string, string> = { o: 'o0d', d: 'do0b', n: 'nm', m: 'mn', h: 'hn', b: 'b8', l: 'l1i', i: 'i1l', s: 's5' };

/** Digits OCR puts for letters: safe to tolerate even in two-letter forms ("C0." is "Co."). */
const OCR_DIGIT_FOR: Record<string, string> = { o: 'o0', l: 'l1', i: 'i1', s: 's5', b: 'b8' };

/**
 * rule 'vendor.legal-form-second-word': in a form of two plain words ("sdn bhd", "pte ltd", "pvt ltd"), a last word of
 * three letters whose middle letter OCR misread ("SDN BID") is still the form: the first word read as printed leaves no
 * other reading. Only the middle letter of that last word is free.
 */
const TWO_WORD_FORM = /^([a-z]{2,4}) ([a-z])([a-z])([a-z])$/;

function formPattern(form: string): string {
  const two = TWO_WORD_FORM.exec(fold(form));
  if (two) return `${formPattern(two[1]!)}\\s?${letterPattern(two[2]!, OCR_CONFUSABLE)}[a-z0-9]${letterPattern(two[4]!, OCR_CONFUSABLE)}`;
  const letters = form.replace(/[^a-z]/g, '').length;
  const table = letters >= 3 ? OCR_CONFUSABLE : OCR_DIGIT_FOR;
  let out = '';
  for (const c of fold(form)) out += letterPattern(c, table);
  return out;
}

/** One character of a form as a pattern: a space or stop may be missing, a letter may be one OCR confuses it with. */
function letterPattern(c: string, table: Record<string, string>): string {
  if (c === ' ') return String.raw`\s?`;
  if (c === '.') return String.raw`\.?`;
  if (c === ',') return ',?';
  return table[c] ? `[${escape(table[c])}]` : escape(c);
}

const allForms = [...new Set(Object.values(LEGAL_FORMS).flat())].sort((a, b) => b.length - a.length);
/** Any legal form, OCR-tolerant, as a regex source over folded text (no anchors). */
export const LEGAL_FORM_SOURCE = `(?:${allForms.map(formPattern).join('|')})`;

/** Countries whose legal forms end the name (ISO alpha-2), e.g. "Foo Sdn Bhd" → ['MY']. */
const formEndRes = Object.entries(LEGAL_FORMS).map(
  ([country, forms]) => [country, new RegExp(String.raw`(?:^|[\s,(])(?:${forms.map(formPattern).join('|')})[\s.,)]*$`)] as const,
);
export function countriesOfLegalForm(name: string): string[] {
  const f = fold(name).trim();
  return formEndRes.filter(([, re]) => re.test(f)).map(([country]) => country);
}

/**
 * rule 'vendor.legal-form-of-country': on a document whose country is known, a legal form of two letters that the
 * country does not use ("SL", "SA", "AG", "AB" on a Malaysian receipt) is no evidence of a company's name: such
 * short forms are what OCR makes of specks and logo strokes ("ERIE SL,"). "Co." is English for company anywhere and
 * stays; longer forms (GmbH, Sdn Bhd) are rarely OCR noise and a foreign company may be named on any document.
 */
export function foreignShortForm(name: string, country: string | null): boolean {
  if (!country || !LEGAL_FORMS[country]) return false;
  const f = fold(name).trim();
  const own = formEndRes.find(([c]) => c === country)?.[1];
  if (own?.test(f)) return false;
  const m = SHORT_FORM_END.exec(f);
  return !!m && !LEGAL_FORMS[country]!.some((form) => fold(form).replace(/[^a-z]/g, '') === m[1]!.replace(/[^a-z]/g, ''));
}
/** A legal form of at most two letters ending a name, "co." aside (folded text). */
const SHORT_FORM_END = new RegExp(
  String.raw`(?:^|[\s,(])(${[...new Set(Object.values(LEGAL_FORMS).flat())]
    .filter((form) => form.replace(/[^a-z]/g, '').length <= 2 && form.replace(/[^a-z]/g, '') !== 'co')
    .map((form) => formPattern(form))
    .join('|')})[\s.,)]*$`,
);

export function legalFormsOf(country: string): string[] {
  return LEGAL_FORMS[country] ?? [];
}
