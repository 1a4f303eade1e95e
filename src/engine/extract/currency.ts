/** ISO 4217 currency from the symbols and codes printed on a document. */
import type { Candidate } from './candidate.js';
import { currencyOfCountry, findCurrencyHits, resolveCurrency } from './checks/index.js';
import type { PageInput, Span } from './text.js';

/** Codes we accept when printed as such; a word that merely looks like a code (e.g. "ALL", "CUP") needs context. */
export const ISO_CODES = new Set(
  (
    'AED AUD BGN BRL CAD CHF CLP CNY COP CZK DKK EGP EUR GBP HKD HUF IDR ILS INR ISK JPY KES KRW MAD MXN MYR NGN ' +
    'NOK NZD PHP PKR PLN QAR RON RSD RUB SAR SEK SGD THB TRY TWD UAH USD VND ZAR LKR BDT VND'
  ).split(' '),
);

/** Symbols and local abbreviations. `$` alone is read as USD unless a prefix names another dollar. */
const SYMBOLS: Array<[RegExp, string, number]> = [
  [/€/g, 'EUR', 1],
  [/£/g, 'GBP', 1],
  [/₹/g, 'INR', 1],
  [/¥|￥/g, 'JPY', 0.8],
  [/₩/g, 'KRW', 1],
  [/₽/g, 'RUB', 1],
  [/₺/g, 'TRY', 1],
  [/₱/g, 'PHP', 1],
  [/฿/g, 'THB', 1],
  [/(?<![A-Za-z])(?:A|AU)\$/g, 'AUD', 1.2],
  [/(?<![A-Za-z])(?:C|CA)\$/g, 'CAD', 1.2],
  [/(?<![A-Za-z])S\$/g, 'SGD', 1.2],
  [/(?<![A-Za-z])HK\$/g, 'HKD', 1.2],
  [/(?<![A-Za-z])NZ\$/g, 'NZD', 1.2],
  [/(?<![A-Za-z])US\$/g, 'USD', 1.2],
  [/(?<![A-Za-z])R\$/g, 'BRL', 1.2],
  [/(?<![A-Za-z])(?:MX)\$/g, 'MXN', 1.2],
  [/(?<![A-Za-z$])\$/g, 'USD', 0.9],
  // "RM 9.00", "RM9.00", "(RM)", "Total (RM):"
  [/(?<![A-Za-z])RM(?=\s?\d|\s*\)|\s*$|\s*:)/gm, 'MYR', 1.2],
  [/(?<![A-Za-z])Rs\.?(?=\s?-?\d|\s*\)|\s*$)/gm, 'INR', 1],
  [/(?<![A-Za-z])(?:zł|zl)(?![A-Za-z])/g, 'PLN', 1.2],
  [/(?<=\d\s?)Kč/g, 'CZK', 1.2],
  [/(?<=\d\s?)(?:Ft)(?![A-Za-z])/g, 'HUF', 1],
  [/(?<=\d\s?)kr\.?(?![A-Za-z])/g, 'SEK', 0.6],
  [/(?<![A-Za-z])CHF|Fr\.(?=\s?\d)/g, 'CHF', 1],
  [/(?<![A-Za-z])(?:Euro|Euros|euro|euros)(?![A-Za-z])/g, 'EUR', 0.8],
  [/(?<![A-Za-z])(?:Rupees?|rupees?)(?![A-Za-z])/g, 'INR', 0.6],
  [/(?<![A-Za-z])Ringgit(?![A-Za-z])/gi, 'MYR', 0.8],
];

/** Symbol or code → ISO 4217, for a single token (used by normaliser tables and the LLM validator). */
export function currencyFromToken(token: string): string | null {
  const t = token.trim();
  if (ISO_CODES.has(t.toUpperCase()) && /^[A-Za-z]{3}$/.test(t)) return t.toUpperCase();
  for (const [re, code] of SYMBOLS) {
    re.lastIndex = 0;
    const probe = /^(?:zł|zl|kr\.?|Kč|Ft)$/i.test(t) ? `1 ${t}` : t;
    if (re.test(probe)) {
      re.lastIndex = 0;
      return code;
    }
  }
  return null;
}

/**
 * Currency candidates. The reading the checks' currency resolution settles (printed symbols and codes weighed
 * against the country the document's words place it in: a lone "$" on a Malaysian receipt is MYR) comes first;
 * every other printed code or symbol follows as an alternative the decision step may fall back on.
 *
 * Rule ids: the resolution's own (currency.symbol-country, currency.code-printed, currency.country-cues, ...),
 * currency.printed for the alternatives, and currency.country-fallback (the country's currency when no printed one is its own).
 */
export function currencyCandidates(
  text: string,
  pages: readonly PageInput[],
  cues: { country: string | null; language: string | null; localeCountry: string | null },
): Candidate[] {
  const hits = findCurrencyHits(text);
  const r = resolveCurrency(hits, { country: cues.country, language: cues.language, text, localeCountry: cues.localeCountry });
  const out: Candidate[] = [];
  const where = (code: string) => {
    const h = hits.find((x) => currencyFromToken(x.token) === code || x.token === code);
    return h && h.start !== undefined
      ? { raw: h.token, source: pageSpan(pages, h.start, h.end ?? h.start + h.token.length) }
      : { raw: '', source: null };
  };
  if (r.code) out.push({ field: 'currency', value: r.code, ...where(r.code), score: r.agreed ? 0.9 : 0.5, because: r.because });
  for (const h of hits) {
    const code = currencyFromToken(h.token);
    if (!code || out.some((c) => c.value === code)) continue;
    out.push({ field: 'currency', value: code, ...where(code), score: 0.4, because: ['currency.printed'] });
  }
  // rule 'currency.country-fallback': the country's own currency when every printed symbol disagrees with where the
  // document is from. On a scan a lone glyph is weak evidence (OCR reads "@" or a stamp as "€"), so the country goes
  // first there; on a text layer the printed symbol does. Either way the check fails and the document goes to review.
  const home = currencyOfCountry(cues.country);
  const scanned = pages.some((p) => p.method === 'ocr');
  if (home && !out.some((c) => c.value === home))
    out.push({
      field: 'currency',
      value: home,
      raw: '',
      source: null,
      score: scanned ? 0.55 : 0.35,
      because: ['currency.country-fallback'],
    });
  return out.sort((a, b) => b.score - a.score);
}

/** A span of the pages' joined text (pages joined with "\n\f\n") as a page and page-relative offsets. */
function pageSpan(pages: readonly PageInput[], start: number, end: number): Span | null {
  let at = 0;
  for (const p of pages) {
    const len = (p.text ?? '').length;
    if (start >= at && end <= at + len) return { page: p.index, start: start - at, end: end - at };
    at += len + 3;
  }
  return null;
}

/** Default currency for a locale when the document prints none. */
export function currencyForLocale(locale: string | undefined): string | null {
  if (!locale) return null;
  const region = locale.split(/[-_]/)[1]?.toUpperCase();
  const map: Record<string, string> = {
    US: 'USD',
    GB: 'GBP',
    UK: 'GBP',
    IE: 'EUR',
    DE: 'EUR',
    FR: 'EUR',
    NL: 'EUR',
    BE: 'EUR',
    AT: 'EUR',
    ES: 'EUR',
    IT: 'EUR',
    PT: 'EUR',
    FI: 'EUR',
    PL: 'PLN',
    CH: 'CHF',
    MY: 'MYR',
    SG: 'SGD',
    IN: 'INR',
    AU: 'AUD',
    CA: 'CAD',
    NZ: 'NZD',
    JP: 'JPY',
    SE: 'SEK',
    NO: 'NOK',
    DK: 'DKK',
    CZ: 'CZK',
    HU: 'HUF',
  };
  return region ? (map[region] ?? null) : null;
}
