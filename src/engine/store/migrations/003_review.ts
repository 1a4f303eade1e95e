/**
 * Migration 3: review at scale.
 * - The possible-duplicate flag looks up "same vendor and number" and "same vendor, total and date" in other
 *   documents for every row of a review page; these indexes make each lookup a seek, so a page of 100 rows
 *   costs ~200 index probes instead of scans of a 100k-row table. NOCASE because "ACME LTD" and "Acme Ltd"
 *   on two copies of one invoice are the same vendor.
 * - corrections.reverted_by links an undone edit to the correction that undid it, so history shows both.
 * - fields keep the machine's origin and confidence beside its original value, so undoing a clerk's edit
 *   restores the field as extracted (not as a clerk's entry of the same text).
 */
export const sql = /* sql */ `
CREATE INDEX documents_vendor_number ON documents(vendor COLLATE NOCASE, doc_number COLLATE NOCASE) WHERE doc_number IS NOT NULL;
CREATE INDEX documents_vendor_total_date ON documents(vendor COLLATE NOCASE, total, issue_date) WHERE total IS NOT NULL;
ALTER TABLE corrections ADD COLUMN reverted_by INTEGER;
ALTER TABLE corrections ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit';   -- edit | bulk | undo
ALTER TABLE fields ADD COLUMN original_origin TEXT;
ALTER TABLE fields ADD COLUMN original_confidence REAL;
`;
