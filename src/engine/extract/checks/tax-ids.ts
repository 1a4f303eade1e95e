/**
 * Tax identifiers by country: shape and, where the country publishes one, the check digit (stdnum knows them).
 * The countries and their ids are data (data/tax-ids.json); this module only resolves and runs them.
 */
import { createRequire } from 'node:module';
import type { Validator } from 'stdnum';
import { z } from 'zod';
import raw from './data/tax-ids.json' with { type: 'json' };

const Entry = z
  .object({ kind: z.string(), validator: z.string().optional(), pattern: z.string().optional(), prefix: z.string().optional() })
  .refine((e) => Boolean(e.validator) !== Boolean(e.pattern), 'an entry has either a validator or a pattern');
const TaxIdsFile = z.object({ countries: z.record(z.string().regex(/^[A-Z]{2}$/), z.array(Entry).min(1)) });

interface TaxIdRule {
  country: string;
  kind: string;
  prefix: string | null;
  /** A check-digit validator (resolved on first use, see stdnumModule), or null for a shape-only id. */
  validator: (() => Validator) | null;
  pattern: RegExp | null;
}

let stdnumLoaded: typeof import('stdnum') | null = null;
/**
 * stdnum loads every country's validators at once (a tenth to a fifth of a second of start-up CPU); documents
 * without a tax id, and commands that never check one, need none of them, so it is loaded on the first check.
 */
function stdnumModule(): typeof import('stdnum') {
  stdnumLoaded ??= createRequire(import.meta.url)('stdnum') as typeof import('stdnum');
  return stdnumLoaded;
}

function resolveValidator(country: string, name: string): Validator {
  const { euVat, stdnum } = stdnumModule();
  if (name === 'eu-vat') {
    const v = euVat[country]?.[0];
    if (!v) throw new Error(`tax-ids.json: no EU VAT validator for ${country}`);
    return v;
  }
  const [c, key] = name.split('.');
  const v = stdnum[c!]?.[key!];
  if (!v) throw new Error(`tax-ids.json: unknown validator ${name}`);
  return v;
}

const RULES: readonly TaxIdRule[] = Object.entries(TaxIdsFile.parse(raw).countries).flatMap(([country, entries]) =>
  entries.map((e) => ({
    country,
    kind: e.kind,
    prefix: e.prefix ?? null,
    validator: e.validator ? once(() => resolveValidator(country, e.validator!)) : null,
    pattern: e.pattern ? new RegExp(e.pattern) : null,
  })),
);

function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

export interface TaxIdVerdict {
  valid: boolean;
  /** Country whose rule accepted it (or, when invalid, the country it was tried for). */
  country: string | null;
  kind: string | null;
  /** True when a check digit vouched for it; false when only the shape matched. */
  checksum: boolean;
  /** Without spaces, dots, dashes and slashes, upper case. */
  compact: string;
  reason: string;
}

/** Spaces, dots, dashes and slashes as printed ("DE 232 446 240", "CHE-116.281.710") go. */
export function compactId(s: string): string {
  return s.toUpperCase().replace(/[\s.\-/]/g, '');
}

function tryRule(rule: TaxIdRule, printed: string): boolean {
  const compact = compactId(printed);
  if (rule.validator) {
    // (resolved outside the try: a validator name missing from stdnum is a data error, not an invalid id)
    const validator = rule.validator();
    // stdnum takes the id with or without its international prefix; a printed "T" (Japan) it does not know
    const bare = rule.prefix && compact.startsWith(rule.prefix) && rule.prefix.length === 1 ? compact.slice(1) : printed;
    try {
      return validator.validate(bare).isValid;
    } catch {
      return false;
    }
  }
  const noPrefix = rule.prefix && compact.startsWith(rule.prefix) ? compact.slice(rule.prefix.length) : compact;
  return rule.pattern!.test(noPrefix);
}

/** The rules to try: those of the prefix the id is printed with, else of the document's country, else all. */
function rulesFor(compact: string, country: string | null): { rules: TaxIdRule[]; why: string } {
  const byPrefix = RULES.filter(
    (r) =>
      r.prefix && r.prefix.length >= 2 && compact.startsWith(r.prefix) && /\d/.test(compact.slice(r.prefix.length, r.prefix.length + 1)),
  );
  if (byPrefix.length) return { rules: byPrefix, why: `prefix ${byPrefix[0]!.prefix}` };
  if (country) {
    const own = RULES.filter((r) => r.country === country.toUpperCase());
    if (own.length) return { rules: own, why: `country ${country.toUpperCase()}` };
  }
  // no country: only ids with a check digit can vouch, a bare shape would match any number
  return { rules: RULES.filter((r) => r.validator), why: 'any country' };
}

/** The country an id's printed prefix names ("DE 232 446 240", "CHE-...", "EL..."), or null. */
export function prefixCountry(printed: string): string | null {
  const { rules, why } = rulesFor(compactId(printed), null);
  return why.startsWith('prefix') ? rules[0]!.country : null;
}

/** Is this a tax id of the country (or of the country its prefix names), by shape and check digit? */
export function validateTaxId(printed: string, country: string | null = null): TaxIdVerdict {
  const compact = compactId(printed);
  // every tax id of every country has at least five digits; fewer is a label or a fragment
  if ((compact.match(/\d/g)?.length ?? 0) < 5)
    return { valid: false, country, kind: null, checksum: false, compact, reason: `"${printed}" has too few digits for a tax id` };
  const { rules, why } = rulesFor(compact, country);
  for (const r of rules) {
    if (!tryRule(r, printed)) continue;
    const how = r.validator ? 'shape and check digit hold' : 'shape holds (no check digit)';
    return {
      valid: true,
      country: r.country,
      kind: r.kind,
      checksum: Boolean(r.validator),
      compact,
      reason: `${r.country} ${r.kind}: ${how}`,
    };
  }
  const kinds = [...new Set(rules.map((r) => `${r.country} ${r.kind}`))].slice(0, 4).join(', ');
  return {
    valid: false,
    country: why.startsWith('prefix') ? rules[0]!.country : country,
    kind: null,
    checksum: false,
    compact,
    reason: `"${printed}" is not a valid tax id for ${why} (tried ${kinds}${rules.length > 4 ? ', ...' : ''})`,
  };
}

/** The countries the data knows tax ids for. */
export function taxIdCountries(): string[] {
  return [...new Set(RULES.map((r) => r.country))];
}
