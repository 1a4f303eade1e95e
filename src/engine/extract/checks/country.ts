/**
 * Where a document is from, by what it prints: places, legal forms, tax labels, phone prefixes, postcode shapes,
 * and the language of its labels (data/countries.json). The currency, tax-rate and tax-id checks read it when the
 * caller has not settled the country itself.
 */
import { z } from 'zod';
import raw from './data/countries.json' with { type: 'json' };
import type { Draft } from './types.js';

const CountriesFile = z.object({
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/),
    z.object({
      currency: z.string().regex(/^[A-Z]{3}$/),
      languages: z.array(z.string()),
      phone: z.array(z.string().regex(/^\+\d+$/)),
      // three letters at least: a two-letter cue (Oy, AG, BV) turns up in OCR noise
      cues: z.array(z.string().refine((c) => c.replace(/[^a-z]/g, '').length >= 3, 'a cue needs three letters')),
      patterns: z.array(z.string()).optional(),
    }),
  ),
});
const data = CountriesFile.parse(raw);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lower case, no accents, dots and runs of spaces as one space: how cues are written in the data. */
export function foldForCues(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.\s]+/g, ' ');
}

/**
 * A regex built on its first test. Most cues never get past their includes() check, and building a Unicode pattern
 * costs (the 300-odd cues took a tenth of a second of every start-up when built at load).
 */
function lazyRegExp(source: string, flags = ''): { test(s: string): boolean } {
  let re: RegExp | null = null;
  return { test: (s) => (re ??= new RegExp(source, flags)).test(s) };
}

const COUNTRIES = Object.entries(data.countries).map(([code, c]) => ({
  code,
  ...c,
  // `plain` is the literal a match must contain: a cheap includes() rules most cues out before their regex runs
  cueRes: c.cues.map((cue) => ({
    cue,
    plain: foldForCues(cue),
    re: lazyRegExp(`(?<![\\p{L}\\p{N}])${escape(foldForCues(cue))}(?![\\p{L}\\p{N}])`, 'u'),
  })),
  phoneRes: c.phone.map((p) => ({ cue: p, plain: p, re: lazyRegExp(`(?<![\\d+])${escape(p)}[\\s\\-(]*\\d`) })),
  patternRes: (c.patterns ?? []).map((p) => ({ cue: 'postcode/id shape', re: new RegExp(p) })),
}));

/** The ISO 4217 currency of a country (ISO 3166-1 alpha-2), when the data knows it. */
export function currencyOfCountry(country: string | null | undefined): string | null {
  return country ? (data.countries[country.toUpperCase()]?.currency ?? null) : null;
}

/** A country's own words (cues), upper case: a printed "BHD" of "SDN BHD" is that word, not a currency code. */
export function wordsOfCountry(country: string | null | undefined): Set<string> {
  return new Set((country ? data.countries[country.toUpperCase()]?.cues : [])?.map((c) => c.toUpperCase()));
}

export interface CountryEvidence {
  country: string;
  /** Distinct cues found (+0.5 when the language is one of the country's). */
  score: number;
  cues: string[];
}

/**
 * The country a document's words place it in: each distinct cue counts one, the label language adds half. Null
 * unless one country leads.
 */
export function countryFromCues(text: string, language: string | null = null): CountryEvidence | null {
  // the decision step judges many drafts of one document: the same text in a row is answered from the last call
  if (lastCues && lastCues.text === text && lastCues.language === language) return lastCues.result;
  const result = scoreCountries(text, language);
  lastCues = { text, language, result };
  return result;
}

let lastCues: { text: string; language: string | null; result: CountryEvidence | null } | null = null;

function scoreCountries(text: string, language: string | null): CountryEvidence | null {
  const folded = foldForCues(text);
  const scored: CountryEvidence[] = [];
  for (const c of COUNTRIES) {
    const cues = [
      ...c.cueRes.filter((x) => folded.includes(x.plain) && x.re.test(folded)),
      ...c.phoneRes.filter((x) => text.includes(x.plain) && x.re.test(text)),
      ...c.patternRes.filter((x) => x.re.test(text)),
    ].map((x) => x.cue);
    const lang = language && c.languages.includes(language.toLowerCase()) ? 0.5 : 0;
    if (cues.length || lang) scored.push({ country: c.code, score: cues.length + lang, cues });
  }
  scored.sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < 1 || (second && second.score >= best.score)) return null;
  return best;
}

/** The draft's country: as the caller settled it, else from the document's cues. */
export function draftCountry(d: Draft): string | null {
  return d.country?.toUpperCase() ?? countryFromCues(d.text, d.language)?.country ?? null;
}
