/**
 * Turns library errors (pdfjs, sharp, fs, tesseract) into TaskFailure values a clerk can read.
 * Tasks return these instead of throwing, because Piscina's structured clone drops custom fields.
 */
import type { FailureCode, TaskFailure } from './tasks.js';

/** Codes that are worth retrying later: the file itself is fine, the moment was not. */
const TRANSIENT_CODES: ReadonlySet<FailureCode> = new Set(['timeout']);

export function failure(code: FailureCode, message: string, transient = TRANSIENT_CODES.has(code)): TaskFailure {
  return { ok: false, code, message, transient };
}

/**
 * Thrown inside the worker code to stop a task with a known failure; converted back to a TaskFailure
 * at the task boundary (worker.ts) so the return-not-throw contract holds.
 */
export class TaskFailureError extends Error {
  readonly failure: TaskFailure;
  constructor(f: TaskFailure) {
    super(f.message);
    this.name = 'TaskFailureError';
    this.failure = f;
  }
}

export function fail(code: FailureCode, message: string, transient?: boolean): never {
  throw new TaskFailureError(failure(code, message, transient));
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

function errorName(err: unknown): string {
  if (err && typeof err === 'object' && 'name' in err) return String((err as { name: unknown }).name);
  return '';
}

/** File-system errors: missing files and I/O hiccups may heal (network shares, USB sticks), permissions rarely do. */
export function fromFsError(err: unknown, path: string): TaskFailure {
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  const name = path.split(/[\\/]/).pop() ?? path;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return failure('unreadable', `cannot read ${name}: permission denied`, false);
    case 'ENOENT':
      return failure('unreadable', `cannot read ${name}: the file is gone`, true);
    case 'EISDIR':
      return failure('unreadable', `cannot read ${name}: it is a folder`, false);
    case 'EBUSY':
    case 'EIO':
    case 'EAGAIN':
    case 'EMFILE':
    case 'ENFILE':
      return failure('unreadable', `cannot read ${name}: I/O error (${code})`, true);
    default:
      return failure('unreadable', `cannot read ${name}: ${errorText(err)}`, false);
  }
}

/** Phrases pdfjs uses, mapped to what a clerk understands. Order matters: first match wins. */
const PDF_DAMAGE_PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/xref|startxref|cross.?reference/i, 'no usable cross-reference table'],
  [/Invalid PDF structure/i, 'invalid structure'],
  [/No PDF header|PDF header/i, 'no PDF header'],
  [/Invalid root|Root|catalog/i, 'missing document catalog'],
  [/Pages tree|page tree|Pages.*dictionary|Kids/i, 'broken page tree'],
  [/getPage|Invalid page|page index/i, 'page cannot be found'],
  [/stream|FlateDecode|LZW|decode/i, 'unreadable compressed data'],
  [/Bad (?:encoding|font)|font/i, 'broken font data'],
];

/**
 * Structural damage that sinks the whole document (not one page): a page tree or object that refers back to
 * itself, and nesting deep enough to overflow pdfjs's recursive parser. inspect stops at these instead of
 * sending every page to OCR.
 */
export const PDF_STRUCTURE_LOOPS = 'PDF structure loops (the page tree or an object refers back to itself)';
export const PDF_NESTED_TOO_DEEPLY = 'damaged PDF: objects nested too deeply';
export function isStructuralPdfFailure(f: TaskFailure): boolean {
  return f.message.startsWith(PDF_STRUCTURE_LOOPS) || f.message.startsWith(PDF_NESTED_TOO_DEEPLY);
}

export function fromPdfError(err: unknown): TaskFailure {
  if (err instanceof TaskFailureError) return err.failure;
  const name = errorName(err);
  const text = errorText(err);
  if (/circular reference|Pages tree contains circular/i.test(text)) return failure('damaged', PDF_STRUCTURE_LOOPS, false);
  if (/Maximum call stack/i.test(text)) return failure('damaged', `${PDF_NESTED_TOO_DEEPLY} for the reader to follow`, false);
  if (name === 'PasswordException' || /password/i.test(text)) {
    return failure('password', 'password-protected', false);
  }
  if (
    name === 'InvalidPDFException' ||
    name === 'FormatError' ||
    name === 'XRefParseException' ||
    name === 'UnknownErrorException' ||
    name === 'MissingPDFException'
  ) {
    if (/empty|zero/i.test(text)) return failure('empty', 'empty PDF: the file has no content', false);
    for (const [re, phrase] of PDF_DAMAGE_PHRASES) {
      if (re.test(text)) return failure('damaged', `damaged PDF: ${phrase}`, false);
    }
    return failure('damaged', `damaged PDF: ${text || name}`, false);
  }
  if (err instanceof RangeError || /Maximum call stack|Invalid array length|out of memory/i.test(text)) {
    return failure('damaged', `damaged PDF: the structure cannot be processed (${text})`, false);
  }
  for (const [re, phrase] of PDF_DAMAGE_PHRASES) {
    if (re.test(text)) return failure('damaged', `damaged PDF: ${phrase}`, false);
  }
  return failure('internal', `unexpected error reading PDF: ${text || name || 'unknown'}`, false);
}

/** sharp/libvips messages for cut-off, oversized and unknown images. */
export function fromImageError(err: unknown, kindLabel: string): TaskFailure {
  if (err instanceof TaskFailureError) return err.failure;
  const text = errorText(err);
  if (/pixel limit|exceeds pixel|too large|image too wide|image too high|dimensions/i.test(text)) {
    return failure('too_large', `${kindLabel} image is too large to open safely`, false);
  }
  if (
    /premature end|truncat|unexpected end|end of (?:file|data|stream)|Read error|short read|incomplete|not enough data|out of data/i.test(
      text,
    )
  ) {
    return failure('truncated', `${kindLabel} image is cut short (the file is incomplete)`, false);
  }
  if (/unsupported|not supported|Compression scheme|unknown (?:compression|codec)/i.test(text)) {
    return failure('unsupported', `${kindLabel} image uses a variant Docket cannot read (${firstLine(text)})`, false);
  }
  if (/Input buffer contains unsupported image format|bad|corrupt|invalid|cannot|error/i.test(text)) {
    return failure('damaged', `damaged ${kindLabel} image: ${firstLine(text)}`, false);
  }
  return failure('internal', `unexpected error reading ${kindLabel} image: ${firstLine(text)}`, false);
}

export function fromUnknownError(err: unknown, what: string): TaskFailure {
  if (err instanceof TaskFailureError) return err.failure;
  return failure('internal', `unexpected error during ${what}: ${firstLine(errorText(err))}`, false);
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim().slice(0, 200);
}
