import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { commonSignature, sniffBytes, SNIFF_BYTES } from '../../../src/engine/ingest/sniff.js';

/** A PNG chunk: length, type, data, and a CRC (file-type does not check it, so zeros). */
function chunk(type: string, data: Buffer | number): Buffer {
  const body = typeof data === 'number' ? Buffer.alloc(data) : data;
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body, Buffer.alloc(4)]);
}
const PNG_MAGIC = Buffer.from('89504e470d0a1a0a', 'hex');
const png = (...chunks: Buffer[]) => Buffer.concat([PNG_MAGIC, ...chunks]);
const ihdr = chunk('IHDR', 13);

/** What file-type says, the reference the fast path must agree with. */
const reference = async (head: Uint8Array) => (await fileTypeFromBuffer(head))?.mime ?? null;

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('common signatures without file-type', () => {
  it('answers what file-type answers for real PDFs, JPEGs and PNGs, and answers them itself', async () => {
    const img = sharp({ create: { width: 16, height: 16, channels: 3, background: '#08f' } });
    const heads = [
      Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n', 'latin1'),
      await img.clone().jpeg().toBuffer(),
      await img.clone().png().toBuffer(),
      // A PNG with a colour profile and text before its image data, as scanners write them.
      await img.clone().withIccProfile('srgb').withMetadata().png().toBuffer(),
    ];
    for (const h of heads) {
      const head = h.subarray(0, SNIFF_BYTES);
      const fast = commonSignature(head);
      expect(fast).not.toBeNull();
      expect(fast).toBe(await reference(head));
    }
  });

  it('agrees with file-type on crafted PNG chunk walks, or leaves them to it', async () => {
    const cases: Array<[string, Buffer, string | null]> = [
      ['IHDR then IDAT', png(ihdr, chunk('IDAT', 20), chunk('IEND', 0)), 'image/png'],
      ['animated: acTL before IDAT', png(ihdr, chunk('acTL', 8), chunk('IDAT', 20)), null],
      ['acTL after IDAT is still a PNG', png(ihdr, chunk('IDAT', 20), chunk('acTL', 8)), 'image/png'],
      ['IHDR of 12 bytes', png(chunk('IHDR', 12), chunk('IDAT', 20)), null],
      ['first chunk not IHDR', png(chunk('tEXt', 10), ihdr, chunk('IDAT', 20)), null],
      // The ingest bench's PNG: IHDR, then digits and zeros read as a chunk longer than the buffer.
      ['chunk longer than the buffer', Buffer.concat([png(ihdr), Buffer.from('12345'), Buffer.alloc(1500)]), 'image/png'],
      ['ancillary chunk running past the end', png(ihdr, chunk('iCCP', 3000)).subarray(0, 2000), 'image/png'],
      ['ends right after IHDR', png(ihdr), 'image/png'],
      ['truncated inside IHDR', png(ihdr).subarray(0, 20), null],
    ];
    const negative = png(ihdr, chunk('tEXt', 4));
    negative.writeInt32BE(-5, 8 + 25);
    cases.push(['negative chunk length', negative, null]);
    for (const [label, head, fast] of cases) {
      expect(commonSignature(head), label).toBe(fast);
      if (fast) expect(await reference(head), label).toBe(fast);
    }
    expect(commonSignature(Buffer.from('ffd8fff7000000000000', 'hex'))).toBeNull(); // JPEG-LS
    expect(commonSignature(Buffer.from('junk\n%PDF-1.4\n'))).toBeNull(); // left to sniffBytes' own rule
    expect(commonSignature(Buffer.from('%PDF'))).toBeNull(); // too short to judge
  });

  it('never disagrees with file-type on random chunk sequences and cut-off heads', async () => {
    const rnd = random(14);
    const types = ['IHDR', 'IDAT', 'acTL', 'tEXt', 'iCCP', 'pHYs', 'fcTL', 'CgBI'];
    let decided = 0;
    for (let n = 0; n < 3000; n++) {
      const chunks = [rnd() < 0.9 ? ihdr : chunk(types[Math.floor(rnd() * types.length)]!, Math.floor(rnd() * 20))];
      for (let k = Math.floor(rnd() * 6); k > 0; k--)
        chunks.push(chunk(types[Math.floor(rnd() * types.length)]!, Math.floor(rnd() * 1800)));
      let head = png(...chunks);
      if (rnd() < 0.3) head = head.subarray(0, Math.floor(rnd() * head.length));
      // Damage: a few 4-byte words anywhere after the signature (lengths, types) set to random values.
      for (let m = Math.floor(rnd() * 3); m > 0 && head.length > 12; m--)
        head.writeInt32BE(Math.floor(rnd() * 2 ** 31) * (rnd() < 0.5 ? -1 : 1), 8 + Math.floor(rnd() * (head.length - 12)));
      head = head.subarray(0, SNIFF_BYTES);
      const fast = commonSignature(head);
      if (fast === null) continue;
      decided++;
      expect(fast, head.toString('hex').slice(0, 200)).toBe(await reference(head));
    }
    // Most of them are decided without file-type; the rest went to it.
    expect(decided).toBeGreaterThan(1000);
  });

  it('sniffBytes gives the same kinds with the fast path', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .jpeg()
      .toBuffer();
    expect(await sniffBytes(jpeg, 'scan.pdf')).toEqual({ kind: 'jpeg', mime: 'image/jpeg' });
    expect(await sniffBytes(Buffer.from('%PDF-1.4\n%%EOF\n'), 'a')).toEqual({ kind: 'pdf', mime: 'application/pdf' });
    const apng = png(ihdr, chunk('acTL', 8), chunk('IDAT', 20));
    expect(await sniffBytes(apng, 'a.png')).toMatchObject({ kind: null, mime: 'image/apng' });
  });
});
