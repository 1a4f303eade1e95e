/**
 * BMP decoding (libvips, hence sharp, cannot read BMP). Covers what scanners and Windows tools write:
 * uncompressed 1/4/8-bit palette, 16/24/32-bit, BI_BITFIELDS. RLE-compressed BMPs are rare and refused.
 */
import { fail } from './failures.js';

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  compression: number;
  topDown: boolean;
  dataOffset: number;
  headerSize: number;
  /** Pixels per metre from the header; 0 when absent. */
  xPelsPerMeter: number;
}

export function readBmpHeader(buf: Uint8Array): BmpHeader {
  if (buf.length < 26 || buf[0] !== 0x42 || buf[1] !== 0x4d) fail('damaged', 'damaged BMP image: missing BMP header');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dataOffset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  let width: number;
  let height: number;
  let bitsPerPixel: number;
  let compression = 0;
  let xPelsPerMeter = 0;
  if (headerSize === 12) {
    // OS/2 BITMAPCOREHEADER
    width = dv.getUint16(18, true);
    height = dv.getInt16(20, true);
    bitsPerPixel = dv.getUint16(24, true);
  } else {
    if (buf.length < 54) fail('truncated', 'BMP image is cut short (the file is incomplete)');
    width = dv.getInt32(18, true);
    height = dv.getInt32(22, true);
    bitsPerPixel = dv.getUint16(28, true);
    compression = dv.getUint32(30, true);
    xPelsPerMeter = dv.getInt32(38, true);
  }
  if (width <= 0 || height === 0) fail('damaged', 'damaged BMP image: invalid dimensions');
  return { width, height: Math.abs(height), bitsPerPixel, compression, topDown: height < 0, dataOffset, headerSize, xPelsPerMeter };
}

function maskShift(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 1 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

/** Decodes to 3-channel RGB, top row first. */
export function decodeBmp(buf: Uint8Array): { data: Buffer; width: number; height: number; dpi: number | null } {
  const h = readBmpHeader(buf);
  const { width, height, bitsPerPixel: bpp } = h;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (h.compression !== 0 && h.compression !== 3) {
    fail('unsupported', `BMP image uses a variant Docket cannot read (compression ${h.compression})`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) fail('unsupported', `BMP image uses a variant Docket cannot read (${bpp} bits per pixel)`);

  const paletteEntrySize = h.headerSize === 12 ? 3 : 4;
  const paletteStart = 14 + h.headerSize + (h.compression === 3 && h.headerSize === 40 ? 12 : 0);
  const palette: number[][] = [];
  if (bpp <= 8) {
    const colors = Math.min(1 << bpp, Math.max(0, Math.floor((h.dataOffset - paletteStart) / paletteEntrySize)) || 1 << bpp);
    for (let i = 0; i < colors; i++) {
      const o = paletteStart + i * paletteEntrySize;
      if (o + 2 >= buf.length) break;
      palette.push([buf[o + 2] ?? 0, buf[o + 1] ?? 0, buf[o] ?? 0]);
    }
  }
  let rMask = 0;
  let gMask = 0;
  let bMask = 0;
  if (bpp === 16 || bpp === 32) {
    if (h.compression === 3) {
      rMask = dv.getUint32(54, true);
      gMask = dv.getUint32(58, true);
      bMask = dv.getUint32(62, true);
    } else if (bpp === 16) {
      rMask = 0x7c00;
      gMask = 0x03e0;
      bMask = 0x001f;
    } else {
      rMask = 0xff0000;
      gMask = 0x00ff00;
      bMask = 0x0000ff;
    }
  }
  const r = maskShift(rMask);
  const g = maskShift(gMask);
  const b = maskShift(bMask);

  const stride = Math.ceil((bpp * width) / 32) * 4;
  const needed = h.dataOffset + stride * (height - 1) + Math.ceil((bpp * width) / 8);
  if (buf.length < needed) fail('truncated', 'BMP image is cut short (the file is incomplete)');

  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const srcRow = h.dataOffset + (h.topDown ? y : height - 1 - y) * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      let rgb: number[] | undefined;
      if (bpp <= 8) {
        const bit = x * bpp;
        const byte = buf[srcRow + (bit >> 3)] ?? 0;
        const idx = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        rgb = palette[idx] ?? [0, 0, 0];
        out[o] = rgb[0] ?? 0;
        out[o + 1] = rgb[1] ?? 0;
        out[o + 2] = rgb[2] ?? 0;
      } else if (bpp === 24) {
        const p = srcRow + x * 3;
        out[o] = buf[p + 2] ?? 0;
        out[o + 1] = buf[p + 1] ?? 0;
        out[o + 2] = buf[p] ?? 0;
      } else {
        const v = bpp === 16 ? dv.getUint16(srcRow + x * 2, true) : dv.getUint32(srcRow + x * 4, true);
        out[o] = Math.round((((v & rMask) >>> r.shift) * 255) / r.max);
        out[o + 1] = Math.round((((v & gMask) >>> g.shift) * 255) / g.max);
        out[o + 2] = Math.round((((v & bMask) >>> b.shift) * 255) / b.max);
      }
    }
  }
  const dpi = h.xPelsPerMeter > 0 ? Math.round(h.xPelsPerMeter * 0.0254) : null;
  return { data: out, width, height, dpi };
}

/** Writes a minimal 24-bit BMP (used by tests to produce fixtures; cheap, no dependencies). */
export function encodeBmp24(rgb: Uint8Array, width: number, height: number): Buffer {
  const stride = Math.ceil((24 * width) / 32) * 4;
  const size = 54 + stride * height;
  const out = Buffer.alloc(size);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(size, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(stride * height, 34);
  out.writeInt32LE(11811, 38); // 300 dpi
  out.writeInt32LE(11811, 42);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[row + x * 3] = rgb[i + 2] ?? 0;
      out[row + x * 3 + 1] = rgb[i + 1] ?? 0;
      out[row + x * 3 + 2] = rgb[i] ?? 0;
    }
  }
  return out;
}
