/**
 * Identifiers that pin a document to one vendor: its tax id (VAT, GST, ABN...) and its IBAN. Both are compared
 * in one normal form (upper-case letters and digits only), so "DE 123 456 789", "DE123456789" and "de-123.456.789"
 * are one id, and a tax id printed without its country prefix still finds the vendor that was listed with it.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

/** Upper-case letters and digits only; null when nothing is left. */
export function normaliseTaxId(raw: string | null | undefined): string | null {
  const t = (raw ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return t.length >= 5 ? t : null;
}

/** The id without a leading two-letter country prefix (DE123456789 → 123456789), or null when it has none. */
export function withoutCountryPrefix(taxId: string): string | null {
  return /^[A-Z]{2}\d/.test(taxId) ? taxId.slice(2) : null;
}

/** An IBAN in electronic format when it passes mod-97; null otherwise (a typo must not bind a vendor). */
export function normaliseIban(raw: string | null | undefined): string | null {
  const e = electronicFormatIBAN((raw ?? '').toUpperCase());
  return e && isValidIBAN(e) ? e : null;
}

/** Every IBAN printed in a text that passes its checksum, with where it stood. */
export function findIbans(text: string): Array<{ iban: string; start: number; end: number }> {
  const out: Array<{ iban: string; start: number; end: number }> = [];
  const re = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}\b/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    // the run may have swallowed a following word ("DE89 3704 0044 0532 0130 00 BIC"): shorten until it checks
    let raw = m[0];
    for (;;) {
      const iban = normaliseIban(raw);
      if (iban) {
        out.push({ iban, start: m.index, end: m.index + raw.length });
        break;
      }
      const cut = raw.lastIndexOf(' ');
      if (cut < 8) break;
      raw = raw.slice(0, cut);
    }
  }
  return out;
}

/**
 * Runs that may be a tax id: every join of up to six neighbouring letter/digit groups separated by a single space,
 * dot, dash or slash ("DE 123 456 789", "51 824 753 556", "000123456789"), normalised, with its span. Deliberately
 * loose: runs are only looked up among the tax ids of known vendors, never taken as a tax id on their own.
 */
export function taxIdRuns(text: string): Array<{ id: string; start: number; end: number }> {
  const groups: Array<{ text: string; start: number; end: number; joined: boolean }> = [];
  const re = /[A-Za-z0-9]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const prev = groups[groups.length - 1];
    const gap = prev ? text.slice(prev.end, m.index) : '';
    groups.push({ text: m[0], start: m.index, end: m.index + m[0].length, joined: !!prev && /^[ .\-/]$/.test(gap) });
  }
  const out: Array<{ id: string; start: number; end: number }> = [];
  for (let i = 0; i < groups.length; i++) {
    let id = '';
    for (let j = i; j < Math.min(groups.length, i + 6); j++) {
      if (j > i && !groups[j]!.joined) break;
      id += groups[j]!.text.toUpperCase();
      if (id.length > 20) break;
      if (id.length >= 5 && (id.match(/\d/g) ?? []).length >= 6) out.push({ id, start: groups[i]!.start, end: groups[j]!.end });
    }
  }
  return out;
}
