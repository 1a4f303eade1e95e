import { createRequire } from 'node:module';

// The compound-file writer that ships with @kenjiuno/msgreader (it uses it to re-emit embedded messages).
const require = createRequire(import.meta.url);
const { burn } = require('@kenjiuno/msgreader/lib/Burner.js') as {
  burn(
    entries: Array<{ name: string; type: number; length: number; binaryProvider?: () => ArrayLike<number>; children?: number[] }>,
  ): Uint8Array;
};
const DIRECTORY = 1;
const DOCUMENT = 2;
const ROOT = 5;

// A fresh array each: the writer reads .buffer, and small Buffers share one pooled ArrayBuffer.
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));

/** A FILETIME (100 ns since 1601) as the 8 little-endian bytes of a fixed-size property. */
function fileTime(d: Date): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(d.getTime()) + 11644473600000n) * 10000n);
  return b;
}

/** A property stream: a header (32 bytes at the top level, 8 in an attachment), then 16 bytes per property. */
function propertyStream(header: number, props: Array<{ tag: number; value: Buffer }>): Buffer {
  const out = [Buffer.alloc(header)];
  for (const p of props) {
    const e = Buffer.alloc(16);
    e.writeUInt32LE(p.tag, 0);
    e.writeUInt32LE(6, 4); // readable | writable
    p.value.copy(e, 8, 0, 8);
    out.push(e);
  }
  return Buffer.concat(out);
}

/**
 * An Outlook .msg ([MS-OXMSG]) made in memory: subject, sender, date, plain body and attachments, as MAPI
 * property streams in a compound file. Outlook itself writes more properties; these are the ones a reader of
 * invoices needs, and what the real parser is tested against.
 */
export function makeMsg(m: {
  subject: string;
  senderName: string;
  senderEmail: string;
  body: string;
  sent: Date;
  attachments: Array<{ name: string; data: Uint8Array }>;
}): Uint8Array {
  type E = { name: string; type: number; length: number; binaryProvider?: () => ArrayLike<number>; children?: number[] };
  const entries: E[] = [{ name: 'Root Entry', type: ROOT, length: 0, children: [] }];
  const doc = (name: string, data: Buffer | Uint8Array): number => {
    const own = new Uint8Array(data);
    entries.push({ name, type: DOCUMENT, length: own.length, binaryProvider: () => own });
    return entries.length - 1;
  };
  const root = entries[0]!;
  const rootProps = propertyStream(32, [{ tag: 0x00390040, value: fileTime(m.sent) }]);
  // attachment count in the top-level header (bytes 20..23), as Outlook writes it
  rootProps.writeUInt32LE(m.attachments.length, 12);
  rootProps.writeUInt32LE(m.attachments.length, 20);
  root.children!.push(
    doc('__substg1.0_001A001F', utf16('IPM.Note')),
    doc('__substg1.0_0037001F', utf16(m.subject)),
    doc('__substg1.0_0C1A001F', utf16(m.senderName)),
    doc('__substg1.0_0C1F001F', utf16(m.senderEmail)),
    doc('__substg1.0_1000001F', utf16(m.body)),
    doc('__properties_version1.0', rootProps),
  );
  m.attachments.forEach((a, i) => {
    const dir: E = {
      name: `__attach_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`,
      type: DIRECTORY,
      length: 0,
      children: [],
    };
    entries.push(dir);
    root.children!.push(entries.length - 1);
    dir.children!.push(
      doc('__substg1.0_3707001F', utf16(a.name)),
      doc('__substg1.0_3703001F', utf16(a.name.slice(a.name.lastIndexOf('.')))),
      doc('__substg1.0_37010102', a.data),
      doc('__properties_version1.0', propertyStream(8, [{ tag: 0x37050003, value: Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]) }])),
    );
  });
  return burn(entries);
}
