/** ISO 4217 currency from the symbols and codes printed on a document. */
import { type Line, type Span, spanIn } from './text.js';

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

const CODE_RE = /(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g;

export interface CurrencyHit {
  code: string;
  raw: string;
  span: Span;
  confidence: number;
}

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
 * The document's currency: every symbol and code is a vote, codes next to amounts or on total lines count more.
 * `fallback` (from the locale) is used only when the document prints nothing.
 */
const INDIAN =
  /\b(?:india|pvt\.?\s?ltd|gstin|pradesh|karnataka|maharashtra|delhi|mumbai|bangalore|bengaluru|chennai|kolkata|hyderabad|rs\.?\s?\d)/i;
const MALAYSIAN = /\b(?:malaysia|sdn\.?\s?bhd|selangor|johor|kuala\s?lumpur|penang|pulau\spinang|negeri\ssembilan|sabah|sarawak)\b/i;

export function detectCurrency(lines: readonly Line[], fallback?: string | null): CurrencyHit | null {
  const votes = new Map<string, { w: number; first: CurrencyHit }>();
  const vote = (code: string, w: number, line: Line, from: number, to: number) => {
    const totalish = /total|totaal|summe|betrag|montant|razem|należność|due|payable|ttc|amount/i.test(line.text) ? 1.5 : 1;
    const hit: CurrencyHit = { code, raw: line.text.slice(from, to), span: spanIn(line, from, to), confidence: 0 };
    const v = votes.get(code);
    if (v) {
      v.w += w * totalish;
      if (totalish > 1 && !/total|due|payable|ttc|amount/i.test(v.first.raw)) v.first = hit;
    } else votes.set(code, { w: w * totalish, first: hit });
  };
  for (const line of lines) {
    const t = line.text;
    for (const [re, code, w] of SYMBOLS) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      let guard = 0;
      while ((m = re.exec(t)) && guard++ < 50) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        vote(code, w, line, m.index, m.index + m[0].length);
      }
    }
    CODE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CODE_RE.exec(t))) {
      const code = m[1]!;
      if (!ISO_CODES.has(code)) continue;
      // a code counts when it stands by a number or in a header/total position, not as a word in a sentence
      const near = t.slice(Math.max(0, m.index - 12), m.index + 15);
      const w = /\d/.test(near) || /total|amount|montant|betrag|currency|devise|währung|valuta/i.test(t) ? 1.5 : 0.7;
      vote(code, w, line, m.index, m.index + 3);
    }
  }
  let best: { code: string; w: number; first: CurrencyHit } | null = null;
  let sum = 0;
  for (const [code, v] of votes) {
    sum += v.w;
    if (!best || v.w > best.w) best = { code, ...v };
  }
  if (!best) {
    // no symbol or code survived (OCR reads ₹ as % or X): a document that is plainly from one country is in its money
    const all = lines.map((l) => l.text).join('\n');
    const country = INDIAN.test(all) ? 'INR' : MALAYSIAN.test(all) ? 'MYR' : null;
    if (country && !fallback) return { code: country, raw: '', span: { page: lines[0]?.page ?? 0, start: 0, end: 0 }, confidence: 0.4 };
    if (!fallback) return null;
    return { code: fallback, raw: '', span: { page: lines[0]?.page ?? 0, start: 0, end: 0 }, confidence: 0.3 };
  }
  // OCR reads the rupee sign ₹ as ¥: on a document that is plainly Indian, ¥ means INR
  if (best.code === 'JPY' && /¥/.test(best.first.raw)) {
    const all = lines.map((l) => l.text).join('\n');
    if (INDIAN.test(all)) {
      best = { ...best, code: 'INR' };
    }
  }
  const share = best.w / sum;
  const conf = Math.min(0.98, 0.55 + 0.3 * share + Math.min(0.13, best.w * 0.03));
  return { ...best.first, code: best.code, confidence: conf };
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
