import { afterAll, describe, expect, it } from 'vitest';
import { inspect } from '../../../src/engine/read/worker.js';
import { mayHoldImageXObjects } from '../../../src/engine/read/pdf-text.js';
import { scannedLikePdf, tempDir, textPdf } from './fixtures.js';

const MAX_PIXELS = 100_000_000;
const tmp = tempDir('image-xobjects');
afterAll(() => tmp.cleanup());

describe('mayHoldImageXObjects: the image walk is skipped only for files without an image XObject', () => {
  it('finds the image of a scanned page and none in a born-digital one', async () => {
    expect(mayHoldImageXObjects(await textPdf())).toBe(false);
    expect(mayHoldImageXObjects(await scannedLikePdf(null))).toBe(true);
  });
  it('reads the name token, whatever delimiter ends it', () => {
    const pdf = (dict: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj\n${dict}\nstream\nxx\nendstream\nendobj\n`);
    expect(mayHoldImageXObjects(pdf('<</Type/XObject/Subtype/Image/Width 1>>'))).toBe(true);
    expect(mayHoldImageXObjects(pdf('<< /Subtype /Image\n/Width 1 >>'))).toBe(true);
    expect(mayHoldImageXObjects(pdf('<</Subtype/Image>>'))).toBe(true);
    expect(mayHoldImageXObjects(pdf('<</ProcSet [/PDF /ImageC /ImageI] /Subtype /Form>>'))).toBe(false);
    expect(mayHoldImageXObjects(new TextEncoder().encode('ends with /Image'))).toBe(true);
  });
  it('a sparse born-digital page reads the same and stays usable; a caption over a page-size image still needs OCR', async () => {
    const sparse = await inspect({
      path: tmp.file('sparse.pdf', await textPdf(['Invoice No. 7', 'Total: 418.50 EUR'])),
      kind: 'pdf',
      maxPixels: MAX_PIXELS,
    });
    if (!sparse.ok) throw new Error(sparse.message);
    expect(sparse.pages[0]).toMatchObject({ needsOcr: false });
    expect(sparse.pages[0]!.text).toContain('Total: 418.50 EUR');
    const caption = await inspect({
      path: tmp.file('caption.pdf', await scannedLikePdf('Scanned by ACME ScanStation, page one of one')),
      kind: 'pdf',
      maxPixels: MAX_PIXELS,
    });
    if (!caption.ok) throw new Error(caption.message);
    expect(caption.pages[0]).toMatchObject({ needsOcr: true, text: null });
  });
});
