/**
 * Migration 8: where a page's time went (issue 14). Each page row keeps the milliseconds of the steps that made
 * it: reading its text layer (inspect), rendering or decoding its image for OCR (render), OCR itself, and its
 * share of the document's extraction and of the writer's transaction (extract, write: the document's time
 * divided by its pages, so a page's steps add up to what the document cost). NULL where a step did not run
 * (a text-layer page is not rendered) and for pages read before this migration. REAL: a text page's steps take
 * fractions of a millisecond.
 */
export const sql = /* sql */ `
ALTER TABLE pages ADD COLUMN inspect_ms REAL;
ALTER TABLE pages ADD COLUMN render_ms REAL;
ALTER TABLE pages ADD COLUMN ocr_ms REAL;
ALTER TABLE pages ADD COLUMN extract_ms REAL;
ALTER TABLE pages ADD COLUMN write_ms REAL;
`;
