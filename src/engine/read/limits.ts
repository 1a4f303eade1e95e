/**
 * The bounds every file is read within (issue 15): a hostile or damaged file must end in bounded time and memory
 * with a reason a clerk can read. Time as a whole is bounded by the per-document deadline in the scheduler; these
 * are the structural limits the reader checks before pdfjs, sharp or tesseract can spend time or memory on a file.
 */

/** Pages one document may have: a 2,000-page PDF is a bound book or a print run, not a back-office document. */
export const MAX_PAGES = 2000;

/**
 * Arrays and dictionaries nested inside one another in one PDF object. Real files stay below ~20; pdfjs parses
 * nesting recursively, so tens of thousands of levels overflow its stack after a second or more of work.
 */
export const MAX_OBJECT_DEPTH = 256;

/**
 * What one compressed stream may inflate to. A 100-megapixel RGB page image (the pixel limit) is 300 MB, but
 * pdfjs grows its buffer by doubling, so a stream past this size costs twice as much again; a page of text is
 * kilobytes. A deflate stream cannot inflate more than ~1,032 times its size, so only streams over
 * MAX_INFLATED_STREAM_BYTES / 1032 compressed are ever inflated to check.
 */
export const MAX_INFLATED_STREAM_BYTES = 256 * 1024 * 1024;
export const DEFLATE_MAX_RATIO = 1032;

/**
 * Graphics states saved (q) and not yet restored in one content stream. Real pages nest a few levels (tens in
 * generated reports); each level costs the renderer a copy of its state, so a million is a memory bomb.
 */
export const MAX_GRAPHICS_STATE_DEPTH = 5000;

/**
 * Share of neighbouring pixels that jump between light and dark. On scans, photos and renders of real documents it
 * stays under 0.09 (receipts 0.5-7.5%, a 2400-dpi scan 8%); a page of salt-and-pepper noise (a damaged image
 * decoded as garbage) is ~0.5, and tesseract spends minutes on it finding "glyphs" everywhere.
 */
export const MAX_EDGE_RATE = 0.2;
/**
 * Busier than print: above this edge rate a page that also reads as soup in every orientation is noise (a garbled
 * JPEG's random 8x8 blocks measure 0.115). At or below it the soup is a picture without words (a photograph
 * measures 0.04) and is kept as read, so its document goes to review for "no text" instead of failing.
 */
export const BUSY_EDGE_RATE = 0.1;

/** "5,000": clerk-facing counts with thousands separators, the same on every machine. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function tooManyPagesMessage(pages: number): string {
  return `too many pages (${formatCount(pages)}; limit ${formatCount(MAX_PAGES)})`;
}
