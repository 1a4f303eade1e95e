/**
 * Legal-form suffixes a vendor name may carry or drop between documents ("Acme GmbH" on the letterhead, "ACME" in
 * the footer). Only used to build comparison keys, so a missing form costs a fuzzy match, never a wrong one.
 */
export const LEGAL_FORMS: readonly string[] = [
  // de / at / ch
  'GmbH',
  'GmbH & Co. KG',
  'AG',
  'KG',
  'OHG',
  'UG',
  'e.K.',
  // en
  'Ltd',
  'Limited',
  'LLC',
  'LLP',
  'Inc',
  'Corp',
  'Corporation',
  'PLC',
  'Co',
  'Company',
  'Pty Ltd',
  // fr / be
  'SA',
  'SAS',
  'SARL',
  'SPRL',
  'SRL',
  // nl
  'BV',
  'B.V.',
  'NV',
  'N.V.',
  'VOF',
  // es / it / pt
  'S.L.',
  'SL',
  'S.A.',
  'S.p.A.',
  'SpA',
  'S.r.l.',
  'Lda',
  'Ltda',
  // sv / nordics
  'AB',
  'ASA',
  'AS',
  'Oy',
  'ApS',
  // ms / sg
  'Sdn Bhd',
  'Sdn. Bhd.',
  'Bhd',
  'Berhad',
  'Pte Ltd',
];
