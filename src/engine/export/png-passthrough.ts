/**
 * A PNG placed in a PDF as it is: PDF's FlateDecode with the PNG predictors (/Predictor 15) reads a PNG's IDAT
 * data directly, so an 8-bit grey or RGB page image needs no decoding and no second compression. pdf-lib's
 * embedPng decodes every page to raw pixels (26 MB for an A4 RGB page at 300 dpi), keeps them until the
 * document is saved, then deflates them again: the searchable-PDF export's memory grew with every page of a
 * document (1.6 GB for 27 scans) and most of its time went to that round trip.
 */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngStream {
  width: number;
  height: number;
  /** 1 for grey, 3 for RGB. */
  colors: 1 | 3;
  /** The concatenated IDAT chunks: one zlib stream of filtered scanlines. */
  idat: Uint8Array;
}

/**
 * The IDAT data of a PNG that PDF can show as it is: 8 bits per sample, grey or RGB, not interlaced, no
 * transparency. Anything else (palette, alpha, 16-bit, Adam7, a damaged file) is null: the caller decodes it.
 */
export function pngStream(bytes: Uint8Array): PngStream | null {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let colors: 1 | 3 | null = null;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    const data = at + 8;
    if (data + length + 4 > bytes.length) return null;
    if (type === 'IHDR') {
      width = view.getUint32(data);
      height = view.getUint32(data + 4);
      const [depth, colorType, compression, filter, interlace] = [
        bytes[data + 8],
        bytes[data + 9],
        bytes[data + 10],
        bytes[data + 11],
        bytes[data + 12],
      ];
      if (depth !== 8 || compression !== 0 || filter !== 0 || interlace !== 0) return null;
      colors = colorType === 0 ? 1 : colorType === 2 ? 3 : null;
      if (!colors) return null;
    } else if (type === 'tRNS') return null;
    else if (type === 'IDAT') {
      parts.push(bytes.subarray(data, data + length));
      total += length;
    } else if (type === 'IEND') break;
    at = data + length + 4;
  }
  if (!colors || !width || !height || !total) return null;
  const idat = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  return { width, height, colors, idat };
}

/** The image XObject entries (without /Length) that show the PNG's IDAT data as it is. */
export function pngImageDict(png: PngStream): string {
  const space = png.colors === 1 ? '/DeviceGray' : '/DeviceRGB';
  return (
    `/Type /XObject /Subtype /Image /Width ${png.width} /Height ${png.height} /ColorSpace ${space} /BitsPerComponent 8 ` +
    `/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors ${png.colors} /BitsPerComponent 8 /Columns ${png.width} >>`
  );
}
