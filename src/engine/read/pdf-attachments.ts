/**
 * The e-invoice task: the invoice XML of a file, read in a worker thread like every other read of a source file.
 *  - a bare XML file (UBL / CII / ZUGFeRD 1.0) is parsed whole;
 *  - a PDF's embedded files are listed through pdfjs (the document's EmbeddedFiles name tree) and the first that
 *    is an invoice XML is taken: Factur-X / ZUGFeRD / XRechnung names first, then any other .xml.
 * Pure: a function of the file's bytes; the pipeline decides what the result means for the document.
 */
import { rankAttachments } from '../einvoice/detect.js';
import { stat } from 'node:fs/promises';
import type { XmlError } from '../einvoice/xml.js';
import { failure, fromPdfError, TaskFailureError } from './failures.js';
import { closePdf, openPdf, withTimeout, withWarnings, type OpenedPdf } from './pdf-document.js';
import { readSourceFile } from './source-file.js';
import type { EInvoiceInput, EInvoiceResult, TaskFailure } from './tasks.js';

/** Time allowed for pdfjs to list a PDF's attachments (it walks the name tree; a hostile one could be long). */
const ATTACHMENTS_TIMEOUT_MS = 15_000;

function fromXmlError(err: XmlError, where: string): TaskFailure {
  const code =
    err.code === 'too_large'
      ? 'too_large'
      : err.code === 'malformed'
        ? /cut short/.test(err.message)
          ? 'truncated'
          : 'damaged'
        : 'unsupported';
  return failure(code, `${where}: ${err.message}`, false);
}

interface Attachment {
  name: string;
  content: Uint8Array;
}

/** Embedded files of a PDF, by name (pdfjs decodes the file specification's /UF or /F name). */
async function pdfAttachments(bytes: Uint8Array): Promise<Attachment[]> {
  const pdf = await openPdf(bytes);
  try {
    const found =
      (await withWarnings(pdf.warnings, () =>
        withTimeout(
          pdf.doc.getAttachments() as Promise<Record<string, { filename?: string; content?: Uint8Array }> | null>,
          ATTACHMENTS_TIMEOUT_MS,
          'listing the attachments',
        ),
      )) ?? {};
    return Object.entries(found)
      .map(([key, a]) => ({ name: a.filename || key, content: a.content ?? new Uint8Array() }))
      .filter((a) => a.content.byteLength > 0);
  } finally {
    await closePdf(pdf);
  }
}

/**
 * Whether a PDF can have embedded files at all, from its raw bytes: the catalog's /EmbeddedFiles name tree is
 * plain text unless the catalog sits in a compressed object stream (/ObjStm). A scanner's PDF without either is
 * not opened a second time.
 */
export function mayHaveAttachments(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return b.includes('/EmbeddedFiles') || b.includes('/ObjStm');
}

/**
 * Whether a PDF already open for its text holds embedded files (inspect asks where mayHaveAttachments cannot rule
 * them out, so that a file without any is not opened again by the e-invoice task): false when pdfjs lists none;
 * undefined when the listing failed, and the e-invoice task then looks for itself.
 */
export async function holdsAttachments(pdf: OpenedPdf): Promise<boolean | undefined> {
  try {
    // its warnings are not the text layer's repairs (the e-invoice task, which listed them before, kept none either)
    const found = await withWarnings([], () =>
      withTimeout(pdf.doc.getAttachments() as Promise<Record<string, unknown> | null>, ATTACHMENTS_TIMEOUT_MS, 'listing the attachments'),
    );
    return found !== null && Object.keys(found).length > 0;
  } catch {
    return undefined;
  }
}

/**
 * The XML side (saxes and the UBL / CII mapping) is loaded by the first e-invoice task that has XML to read: the
 * reader threads import this module for inspect, and text PDFs without attachments never need it.
 */
const xmlSide = () => Promise.all([import('../einvoice/parse.js'), import('../einvoice/xml.js')]);

export async function einvoice(input: EInvoiceInput): Promise<EInvoiceResult> {
  const start = Date.now();
  try {
    if (input.kind !== 'xml' && input.kind !== 'pdf') return { ok: true, found: false, problem: null, ms: 0 };
    const [{ parseEInvoice }, { XML_LIMITS, XmlError, tooLargeMessage }] = await xmlSide();
    if (input.kind === 'xml') {
      // Refused on its size before it is read into memory at all.
      const size = (await stat(input.path).catch(() => null))?.size ?? 0;
      if (size > XML_LIMITS.maxBytes) return fromXmlError(new XmlError('too_large', tooLargeMessage(size)), 'e-invoice XML');
    }
    const bytes = await readSourceFile(input.path);
    if (input.kind === 'xml') {
      try {
        const invoice = parseEInvoice(bytes);
        return { ok: true, found: true, invoice, xml: new Uint8Array(bytes), attachment: null, ms: Date.now() - start };
      } catch (err) {
        if (err instanceof XmlError) return fromXmlError(err, 'e-invoice XML');
        throw err;
      }
    }
    if (!mayHaveAttachments(bytes)) return { ok: true, found: false, problem: null, ms: Date.now() - start };
    const attachments = await pdfAttachments(bytes);
    const byName = new Map(attachments.map((a) => [a.name, a]));
    const problems: string[] = [];
    for (const name of rankAttachments([...byName.keys()])) {
      const a = byName.get(name)!;
      if (a.content.byteLength > XML_LIMITS.maxBytes) {
        problems.push(`the attached ${name} is too large to read (${(a.content.byteLength / 1024 / 1024).toFixed(1)} MB)`);
        continue;
      }
      try {
        const invoice = parseEInvoice(a.content);
        return { ok: true, found: true, invoice, xml: a.content, attachment: name, ms: Date.now() - start };
      } catch (err) {
        if (!(err instanceof XmlError)) throw err;
        // Another XML attachment (a delivery note, a signature) is no problem; a broken invoice attachment is.
        if (err.code !== 'not_einvoice' || /^(factur-x|zugferd-invoice|xrechnung)\.xml$/i.test(name))
          problems.push(`the attached ${name}: ${err.message}`);
      }
    }
    return { ok: true, found: false, problem: problems.length ? problems.join('; ') : null, ms: Date.now() - start };
  } catch (err) {
    if (err instanceof TaskFailureError) return err.failure;
    return input.kind === 'pdf'
      ? fromPdfError(err)
      : failure('internal', `reading the e-invoice: ${(err as Error).message ?? String(err)}`);
  }
}
