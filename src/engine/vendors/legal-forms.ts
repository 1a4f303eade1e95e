/**
 * Legal-form suffixes a vendor name may carry or drop between documents ("Acme GmbH" on the letterhead, "ACME" in
 * the footer), from the extractor's vocabulary (vocab/legal-forms.json, per country), so there is one list.
 * Only used to build comparison keys, so a form missing from the list costs a fuzzy match, never a wrong one.
 */
import legal from '../extract/vocab/legal-forms.json' with { type: 'json' };

export const LEGAL_FORMS: readonly string[] = [...new Set(Object.values((legal as { forms: Record<string, string[]> }).forms).flat())];
