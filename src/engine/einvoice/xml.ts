/**
 * Safe XML reading for e-invoices: saxes (a strict, non-validating, streaming parser that never loads a DTD or
 * resolves an external entity) builds a small element tree under hard limits.
 *
 * Why these rules:
 *  - No DTD at all. EN 16931 invoices never carry a DOCTYPE; one is how XXE (external entities that read local
 *    files or call URLs) and entity bombs ("billion laughs") arrive. saxes would not expand declared entities
 *    anyway (it reports an undefined entity), but refusing the DOCTYPE up front gives the clerk a clear reason.
 *  - Size, depth and element-count limits. The largest real invoice here is 200 KB; a 50 MB file of nested tags
 *    must fail fast instead of building a huge tree. saxes keeps its tag stack in an array (no recursion), and
 *    this tree is only ever walked by callers one path at a time, so depth cannot overflow the stack either.
 */
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  /** Namespace URI ('' when none). */
  ns: string;
  /** Attributes by local name. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (CDATA included), untrimmed. */
  text: string;
}

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
}

/**
 * 16 MiB: 80 times the largest invoice XML of the test suites; a CII with 10,000 lines is about 15 MB and 400,000
 * elements. A million elements bound the tree to a few hundred MB even when the bytes are all tiny tags.
 */
export const XML_LIMITS: XmlLimits = { maxBytes: 16 * 1024 * 1024, maxDepth: 64, maxElements: 1_000_000 };

export type XmlErrorCode = 'malformed' | 'unsafe' | 'too_large' | 'not_einvoice';

export class XmlError extends Error {
  constructor(
    readonly code: XmlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XmlError';
  }
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
export const tooLargeMessage = (size: number, limits: XmlLimits = XML_LIMITS): string =>
  `the XML is too large (${mib(size)}; limit ${mib(limits.maxBytes)})`;

/**
 * Bytes to text: a BOM decides, else the encoding in the XML declaration (UTF-8 when none, as XML says).
 * TextDecoder knows the encodings invoices use (UTF-8, UTF-16, ISO-8859-x, windows-125x).
 */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const enc = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(enc ?? 'utf-8');
  } catch {
    throw new XmlError('malformed', `the XML declares an encoding this reader does not know (${enc})`);
  }
  return decoder.decode(bytes);
}

/** Parse XML text (or bytes) into an element tree, or throw an XmlError whose message a clerk can read. */
export function parseXml(input: string | Uint8Array, limits: XmlLimits = XML_LIMITS): XmlElement {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > limits.maxBytes) throw new XmlError('too_large', tooLargeMessage(size, limits));
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeXml(input);

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;

  parser.on('doctype', () => {
    throw new XmlError('unsafe', 'refused: the XML declares a DTD (<!DOCTYPE>); e-invoices never use one, and entities are not expanded');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    elements++;
    if (elements > limits.maxElements)
      throw new XmlError('too_large', `the XML has too many elements (more than ${limits.maxElements.toLocaleString('en')})`);
    if (stack.length >= limits.maxDepth)
      throw new XmlError('too_large', `the XML is nested too deeply (more than ${limits.maxDepth} levels)`);
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
    const el: XmlElement = { name: tag.local, ns: tag.uri, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const onText = (t: string) => {
    const cur = stack[stack.length - 1];
    if (cur) cur.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof XmlError) throw err;
    const msg = (err as Error).message ?? String(err);
    // saxes: "file:line:col: message"; keep line and column, they help whoever fixes the file.
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(msg);
    const where = m ? ` (line ${m[1]}, column ${m[2]})` : '';
    const what = (m ? m[3]! : msg).replace(/\.$/, '');
    const cut = /unclosed|unexpected end|not closed|document must contain a root element/i.test(what);
    throw new XmlError('malformed', cut ? `the XML is cut short or malformed: ${what}${where}` : `the XML is malformed: ${what}${where}`);
  }
  if (!root) throw new XmlError('malformed', 'the XML has no root element');
  return root;
}

// ---- reading the tree ------------------------------------------------------------------------------------

/** Direct children with this local name. */
export function kids(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** All elements along a slash-separated path of local names, child by child ("A/B/C"). */
export function all(el: XmlElement | null | undefined, path: string): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  for (const step of path.split('/')) cur = cur.flatMap((e) => kids(e, step));
  return cur;
}

export function first(el: XmlElement | null | undefined, path: string): XmlElement | null {
  return all(el, path)[0] ?? null;
}

/** Whitespace-collapsed text of the first element along the path that has any, else null. */
export function text(el: XmlElement | null | undefined, path?: string): string | null {
  const list = path === undefined ? (el ? [el] : []) : all(el, path);
  for (const e of list) {
    const t = e.text.replace(/\s+/g, ' ').trim();
    if (t) return t;
  }
  return null;
}
