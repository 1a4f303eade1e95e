/**
 * Two batch options a clerk sets once: the locale (the day/month order of ambiguous dates and the decimal mark edits
 * are read with) and the confidence under which a key field sends a document to review. In Settings (the defaults)
 * and on New batch (this batch).
 */
export const LOCALES: Array<{ value: string; label: string }> = [
  { value: '', label: 'From the document (day first when unsure)' },
  { value: 'en-GB', label: 'English, UK: 31/12/2024, 1,234.56' },
  { value: 'en-US', label: 'English, US: 12/31/2024, 1,234.56' },
  { value: 'de-DE', label: 'German: 31.12.2024, 1.234,56' },
  { value: 'fr-FR', label: 'French: 31/12/2024, 1 234,56' },
  { value: 'nl-NL', label: 'Dutch: 31-12-2024, 1.234,56' },
  { value: 'es-ES', label: 'Spanish: 31/12/2024, 1.234,56' },
  { value: 'it-IT', label: 'Italian: 31/12/2024, 1.234,56' },
  { value: 'en-IN', label: 'English, India: 31/12/2024, 1,234.56' },
  { value: 'ms-MY', label: 'Malay: 31/12/2024, 1,234.56' },
];

export function LocaleThresholdFields({
  locale,
  threshold,
  onChange,
}: {
  locale: string;
  /** 0..1 */
  threshold: number;
  onChange: (p: { locale?: string; threshold?: number }) => void;
}) {
  const known = LOCALES.some((l) => l.value === locale);
  return (
    <>
      <label className="wide">
        Locale (date order and decimal mark)
        <select aria-label="Locale" value={locale} onChange={(e) => onChange({ locale: e.target.value })}>
          {LOCALES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
          {!known ? <option value={locale}>{locale}</option> : null}
        </select>
      </label>
      <label>
        Review below confidence (%)
        <input
          type="number"
          aria-label="Review threshold"
          min={0}
          max={100}
          step={5}
          value={Math.round(threshold * 100)}
          onChange={(e) => onChange({ threshold: Math.min(100, Math.max(0, Number(e.target.value) || 0)) / 100 })}
          title="A key field read with less confidence than this sends its document to review"
        />
      </label>
    </>
  );
}
