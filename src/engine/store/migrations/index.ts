import { sql as m001 } from './001_initial.js';
import { sql as m002 } from './002_search.js';
import { sql as m003 } from './003_review.js';
import { sql as m004 } from './004_vendors.js';
import { sql as m005 } from './005_evidence.js';
import { sql as m006 } from './006_einvoices.js';
import { sql as m007 } from './007_intake.js';
import { sql as m008 } from './008_page_steps.js';
import { sql as m009 } from './009_search_prefixes.js';

/**
 * Numbered migrations, applied in order inside one transaction each; PRAGMA user_version records the last
 * one applied. Append only: never edit a migration that has shipped, add the next number instead.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial', sql: m001 },
  { version: 2, name: 'search', sql: m002 },
  { version: 3, name: 'review', sql: m003 },
  { version: 4, name: 'vendors', sql: m004 },
  { version: 5, name: 'evidence', sql: m005 },
  { version: 6, name: 'einvoices', sql: m006 },
  { version: 7, name: 'intake', sql: m007 },
  { version: 8, name: 'page steps', sql: m008 },
  { version: 9, name: 'search prefixes', sql: m009 },
];
