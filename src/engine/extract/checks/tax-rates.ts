/** Plausible sales-tax rates per country, from data/tax-rates.json (validated on load). */
import { z } from 'zod';
import raw from './data/tax-rates.json' with { type: 'json' };

const TaxRatesFile = z.object({
  anyCountryMax: z.number().positive(),
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/),
    z.union([z.object({ rates: z.array(z.number().min(0).max(100)).min(1) }), z.object({ range: z.tuple([z.number(), z.number()]) })]),
  ),
});

const data = TaxRatesFile.parse(raw);

export interface RateSpan {
  min: number;
  max: number;
  /** For messages: "the rates of MY (5-10%)". */
  label: string;
}

/** The rates known for a country (percent), or null when the country is unknown to the data. */
export function taxRatesFor(country: string | null | undefined): number[] | null {
  const c = country ? data.countries[country.toUpperCase()] : undefined;
  if (!c) return null;
  return 'rates' in c ? [...c.rates] : [...c.range];
}

/** The span a blended rate of this country's rates can fall in; any rate up to the world's highest when unknown. */
export function plausibleRateSpan(country: string | null | undefined): RateSpan {
  const c = country ? data.countries[country.toUpperCase()] : undefined;
  if (!c) return { min: 0, max: data.anyCountryMax, label: `any rate up to ${data.anyCountryMax}%` };
  const [min, max] = 'rates' in c ? [Math.min(...c.rates), Math.max(...c.rates)] : c.range;
  return { min, max, label: `the rates of ${country!.toUpperCase()} (${min === max ? `${min}` : `${min}-${max}`}%)` };
}
