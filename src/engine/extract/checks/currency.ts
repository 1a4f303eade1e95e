/**
 * Currency from what is printed, settled by where the document is from. A symbol is a vote for the currencies it can
 * mean; the country the document's words place it in picks among them ("$" on a receipt from a Malaysian "SDN BHD"
 * is MYR, not USD), and a symbol that fits no reading of that country is a stray (OCR noise, a tax code) unless the
 * document prints it throughout. The symbol table is data (data/currencies.json), the country cues too (country.ts).
 */
import { z } from 'zod';
import raw from './data/currencies.json' with { type: 'json' };
import { countryFromCues, currencyOfCountry, wordsOfCountry } from './country.js';
import type { Check } from './types.js';
import { fold } from '../text.js';
import { labelRe } from '../vocab.js';

const Iso = z.string().regex(/^[A-Z]{3}$/);
const CurrenciesFile = z.object({
  codes: z.array(Iso),
  symbols: z.array(
    z.object({ token: z.string().min(1), codes: z.array(Iso).min(1), misreadOf: z.array(Iso).optional(), weak: z.boolean().optional() }),
  ),
});
const data = CurrenciesFile.parse(raw);
const ISO = new Set(data.codes);
const SYMBOLS = new Map(data.symbols.map((s) => [s.token, s]));

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CurrencyHit {
  /** The symbol or code as printed: "$", "RM", "USD", "kr". */
  token: string;
  start?: number;
  end?: number;
}

// Symbols that are not letters may stand anywhere; "X$" forms are read as one token before a bare "$".
const SIGN_TOKENS = data.symbols
  .map((s) => s.token)
  .filter((t) => !/^\p{L}/u.test(t) || t.endsWith('$'))
  .sort((a, b) => b.length - a.length);
const WORD_TOKENS = data.symbols.map((s) => s.token).filter((t) => /^\p{L}/u.test(t) && !t.endsWith('$'));
const SIGN_RE = new RegExp(`(?<![A-Za-z])(?:${SIGN_TOKENS.map(escape).join('|')})`, 'gu');
// A word token ("RM", "kr", "Rs.", "euro") counts beside a number or in brackets ("Amount (RM)"), not inside words.
const WORD_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${WORD_TOKENS.map(escape)
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\\p{L}])`,
  'giu',
);
const CODE_RE = /(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g;

function besideNumberOrBracketed(text: string, start: number, end: number, reach: number): boolean {
  const before = text.slice(Math.max(0, start - reach), start);
  const after = text.slice(end, end + reach);
  return /\d[\s.,:]*$/.test(before) || /^[\s.:]*-?\d/.test(after) || (/\(\s*$/.test(before) && /^\s*\)/.test(after));
}

/**
 * A three-letter code is a currency only where money stands: beside an amount with its cents ("12.00 USD",
 * "USD 1,234.56"), in brackets ("Amount (EUR)") or after a currency label. Beside a bare number it is usually a
 * word: "RON 95" is petrol, "ALL 3" a quantity.
 */
function besideMoneyOrLabelled(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  const after = text.slice(end, end + 20);
  if (/\d[.,]\d{2}\s*$/.test(before) || /^\s*-?\d[\d.,' ]*[.,]\d{2}(?!\d)/.test(after)) return true;
  if (/\(\s*$/.test(before) && /^\s*\)/.test(after)) return true;
  return /(?:currency|devise|w(?:ä|ae|a)hrung|valuta|moneda|mata wang)\W*$/i.test(before);
}

/** A token alone on its line (a column heading "RM"), brackets and colons aside. */
function aloneOnLine(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return /^[\s(:[]*$/.test(text.slice(lineStart, start)) && /^[\s):\]]*$/.test(text.slice(end, lineEnd < 0 ? undefined : lineEnd));
}

/**
 * rule 'currency.at-sign': till rows print "quantity  description  @ unit price  amount" ("2 TAU SAR 12PCS @7.60
 * 15.20"), and OCR often reads that "@" as "€" or another sign. A sign (not a dollar) glued to a unit price, on a row
 * that starts with a whole quantity and ends with the amount that quantity times that price makes to the cent, is
 * the "at", not a currency.
 */
export function isAtSign(text: string, start: number, end: number): boolean {
  if (text.slice(start, end).includes('$')) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const after = /^(\d{1,6}[.,]\d{2})\s+(-?\d{1,7}[.,]\d{2})\W*(?:[A-Za-z§$]{1,2}\W*)?$/.exec(
    text.slice(end, lineEnd < 0 ? undefined : lineEnd),
  );
  const qty = /^\W{0,2}(\d{1,3})\s/.exec(text.slice(lineStart, start));
  if (!after || !qty) return false;
  const cents = (x: string) => Math.round(Number(x.replace(',', '.')) * 100);
  return Number(qty[1]) * cents(after[1]!) === cents(after[2]!);
}

/** Every currency symbol, local abbreviation and ISO code printed in a text, in reading order. */
export function findCurrencyHits(text: string): CurrencyHit[] {
  const out: CurrencyHit[] = [];
  // a sign counts where money stands too: a "¥" or "£" among words is an OCR speck, not a currency
  for (const m of text.matchAll(SIGN_RE)) {
    const end = m.index + m[0].length;
    if (isAtSign(text, m.index, end)) continue;
    if (aloneOnLine(text, m.index, end) || besideNumberOrBracketed(text, m.index, end, 4)) out.push({ token: m[0], start: m.index, end });
  }
  for (const m of text.matchAll(WORD_RE)) {
    const end = m.index + m[0].length;
    if (!aloneOnLine(text, m.index, end) && !besideNumberOrBracketed(text, m.index, end, 4)) continue;
    // the data spells each token once: a token with capitals ("RM", "Ft", "Rs") only as spelled ("FT10060" is a
    // cashier id), an all-lower-case word ("kr", "euro") in any case
    const token = WORD_TOKENS.find((t) => t.toLowerCase() === m[0].toLowerCase()) ?? m[0];
    if (/\p{Lu}/u.test(token) && m[0] !== token) continue;
    out.push({ token, start: m.index, end });
  }
  for (const m of text.matchAll(CODE_RE)) {
    if (!ISO.has(m[1]!)) continue;
    const end = m.index + 3;
    if (!besideMoneyOrLabelled(text, m.index, end)) continue;
    out.push({ token: m[1]!, start: m.index, end });
  }
  return out.sort((a, b) => a.start! - b.start!);
}

export interface CurrencyCues {
  /** The country already settled by the caller (tax-id prefix, vendor memory); else taken from `text`. */
  country?: string | null;
  language?: string | null;
  text?: string;
  /** The user's locale region ("en-US" -> US): used only when the document places itself in no country. */
  localeCountry?: string | null;
}

export interface CurrencyResolution {
  code: string | null;
  /** The country the evidence placed the document in, if any. */
  country: string | null;
  /** True when printed evidence and country agree (or one settles it and nothing contradicts it). */
  agreed: boolean;
  /** Rule ids, for the field's evidence. */
  because: string[];
  /** Clerk-readable: why this code. */
  reason: string;
}

interface Reading {
  token: string;
  codes: string[];
  misreadOf: string[];
  weak: boolean;
  isCode: boolean;
}

function reading(token: string): Reading | null {
  if (ISO.has(token)) return { token, codes: [token], misreadOf: [], weak: false, isCode: true };
  const s = SYMBOLS.get(token);
  return s ? { token, codes: s.codes, misreadOf: s.misreadOf ?? [], weak: Boolean(s.weak), isCode: false } : null;
}

function tally(tokens: readonly string[]): string {
  const n = new Map<string, number>();
  for (const t of tokens) n.set(t, (n.get(t) ?? 0) + 1);
  return [...n].map(([t, k]) => (k > 1 ? `'${t}' x${k}` : `'${t}'`)).join(', ');
}

function mostFrequent(values: readonly string[]): string {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0]![0];
}

/** A document printing a disagreeing symbol this often means it: the invoice really is in that currency. */
const THROUGHOUT = 3;

const TOTAL_LABEL = labelRe(['total', 'total_strong']);

/** The one currency a sign (of one currency only, not the country's own) printed beside a total line's amount means. */
function signOnTotalLine(hits: readonly CurrencyHit[], text: string, own: string, words: ReadonlySet<string>): string | null {
  for (const h of hits) {
    if (h.start === undefined || words.has(h.token)) continue;
    const r = reading(h.token);
    if (!r || r.isCode || r.weak || r.codes.length !== 1 || r.codes[0] === own) continue;
    const end = h.end ?? h.start + h.token.length;
    const lineStart = text.lastIndexOf('\n', h.start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    if (TOTAL_LABEL.test(fold(text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd))) && besideMoneyOrLabelled(text, h.start, end))
      return r.codes[0]!;
  }
  return null;
}

/** The document's currency from the printed hits and the country evidence, with the rule ids and why. */
export function resolveCurrency(hits: readonly CurrencyHit[], cues: CurrencyCues = {}): CurrencyResolution {
  const ev = cues.country ? null : cues.text ? countryFromCues(cues.text, cues.language ?? null) : null;
  let country = cues.country?.toUpperCase() ?? ev?.country ?? null;
  // a printed code that is one of the country's own words is that word ("SDN BHD" is not Bahraini dinars)
  const words = wordsOfCountry(country);
  const rs = hits
    .filter((h) => !words.has(h.token))
    .map((h) => reading(h.token))
    .filter((r): r is Reading => r !== null);
  // a single cue does not outvote a sign that means one currency only ("RM" beside one "GST No")
  const sure = (r: Reading) => r.isCode || (r.codes.length === 1 && !r.weak);
  if (ev && ev.score < 2 && rs.some((r) => sure(r) && !r.codes.includes(currencyOfCountry(ev.country)!))) country = null;
  let where = country ? (ev ? `${country} (${ev.cues.slice(0, 4).join(', ')})` : country) : null;
  // the user's locale settles a sign of many currencies ("$" in en-US) on a document that names no country, never
  // against what the document prints
  const local = cues.localeCountry?.toUpperCase() ?? null;
  const viaLocale =
    !country &&
    local !== null &&
    rs.some((r) => r.codes.includes(currencyOfCountry(local) ?? '')) &&
    !rs.some((r) => sure(r) && !r.codes.includes(currencyOfCountry(local)!));
  if (viaLocale) {
    country = local;
    where = `the locale's country ${local}`;
  }
  const own = currencyOfCountry(country);
  // one cue alone (a place name an OCR misreading can make) settles the currency only with a sign that agrees
  const firm = !ev || viaLocale || ev.score >= 2;

  if (!rs.length) {
    if (own)
      return {
        code: own,
        country,
        agreed: firm,
        because: ['currency.country-cues'],
        reason: `no currency printed; the document is from ${where}`,
      };
    return { code: null, country: null, agreed: false, because: [], reason: 'no currency printed and no country evidence' };
  }

  if (own) {
    const fits = rs.filter((r) => r.codes.includes(own));
    const misread = rs.filter((r) => !r.codes.includes(own) && r.misreadOf.includes(own));
    if (fits.length || misread.length) {
      const tokens = [...fits, ...misread].map((r) => r.token);
      return {
        code: own,
        country,
        agreed: true,
        because: [viaLocale ? 'currency.symbol-locale' : fits.length ? 'currency.symbol-country' : 'currency.symbol-misread-country'],
        reason: `${tally(tokens)} on a document from ${where} is ${own}`,
      };
    }
    const codes = rs.filter((r) => r.isCode).map((r) => r.token);
    if (codes.length) {
      const code = mostFrequent(codes);
      return { code, country, agreed: true, because: ['currency.code-printed'], reason: `${code} printed (the document is from ${where})` };
    }
    const strong = rs.filter((r) => !r.weak);
    if (strong.length >= THROUGHOUT) {
      const code = mostFrequent(strong.map((r) => r.codes[0]!));
      return {
        code,
        country,
        agreed: false,
        because: ['currency.symbol-default'],
        reason: `${tally(strong.map((r) => r.token))} says ${code}, but the document is from ${where} (${own})`,
      };
    }
    // rule 'currency.symbol-on-total': a sign of one currency printed beside the amount on a total line is the
    // currency the document asks to be paid in, whatever the seller's country (a Swedish seller invoicing in EUR); a
    // speck OCR reads as "€" does not land beside the total. The country disagreeing, it is flagged, not vouched for.
    const onTotal = cues.text ? signOnTotalLine(hits, cues.text, own, words) : null;
    if (onTotal)
      return {
        code: onTotal,
        country,
        agreed: false,
        because: ['currency.symbol-on-total'],
        reason: `${onTotal} printed beside the total, but the document is from ${where} (${own})`,
      };
    return {
      code: own,
      country,
      agreed: firm,
      because: ['currency.country-cues', 'currency.stray-symbol-ignored'],
      reason: `the document is from ${where}: ${own}; ignored stray ${tally(rs.map((r) => r.token))}`,
    };
  }

  // no country: printed codes, then symbols that mean one currency, vote; a symbol of many currencies is a guess
  const votes = new Map<string, { n: number; sure: boolean }>();
  for (const r of rs) {
    if (r.weak) continue;
    const one = sure(r);
    for (const c of one ? r.codes : r.codes.slice(0, 1)) {
      const v = votes.get(c) ?? { n: 0, sure: false };
      votes.set(c, { n: v.n + (one ? 2 : 1), sure: v.sure || one });
    }
  }
  const best = [...votes].sort((a, b) => b[1].n - a[1].n)[0];
  if (!best) {
    const code = rs[0]!.codes[0]!;
    return {
      code,
      country: null,
      agreed: false,
      because: ['currency.symbol-default'],
      reason: `only ${tally(rs.map((r) => r.token))}, which also reads as a tax code or letter`,
    };
  }
  const [code, v] = best;
  if (v.sure)
    return {
      code,
      country: null,
      agreed: true,
      because: [rs.some((r) => r.isCode && r.token === code) ? 'currency.code-printed' : 'currency.symbol-unique'],
      reason: `${code} printed as ${tally(rs.filter((r) => r.codes.includes(code)).map((r) => r.token))}`,
    };
  const ambiguous = rs.find((r) => r.codes[0] === code)!;
  return {
    code,
    country: null,
    agreed: false,
    because: ['currency.symbol-default'],
    reason: `'${ambiguous.token}' can be ${ambiguous.codes.slice(0, 5).join(', ')}${ambiguous.codes.length > 5 ? ', ...' : ''}; no country evidence settles it, read as ${code}`,
  };
}

/** The currency read for the document is the one its printed symbols and its country agree on. */
export const currencyAgrees: Check = {
  id: 'currency.country-agrees',
  fields: ['currency'],
  run(d) {
    const v = d.values.currency;
    if (!v) return null;
    const r = resolveCurrency(findCurrencyHits(d.text), {
      country: d.country,
      language: d.language,
      text: d.text,
      localeCountry: d.localeCountry,
    });
    if (r.code === null) return { passed: false, message: `currency ${v}: nothing on the document supports it (${r.reason})` };
    if (r.code !== v) return { passed: false, message: `currency ${v}, but the document says ${r.code}: ${r.reason}` };
    return r.agreed ? { passed: true, message: r.reason } : { passed: false, message: `currency ${v} is a guess: ${r.reason}` };
  },
};

export const CURRENCY_CHECKS: readonly Check[] = [currencyAgrees];
