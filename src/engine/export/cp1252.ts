/**
 * Text to Windows-1252 bytes, the code page DATEV's import reads. Latin-1 covers most of it; the 27 characters
 * Windows puts at 0x80-0x9F (€, „, “, ”, –, —, Š, Ž, ...) are mapped; anything else loses its accents
 * ("Łódź" → "Lodz") or becomes "?", so a booking text never breaks the file.
 */
const HIGH: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** Letters NFKD does not decompose into a base letter. */
const FOLD: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', ß: 'ß' };

function byteOf(ch: string): number | null {
  const c = ch.codePointAt(0)!;
  if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) return c;
  return HIGH[ch] ?? null;
}

export function encodeWindows1252(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const b = byteOf(ch);
    if (b !== null) {
      out.push(b);
      continue;
    }
    const folded = (FOLD[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '')) || '?';
    for (const f of folded) out.push(byteOf(f) ?? 0x3f);
  }
  return Uint8Array.from(out);
}
