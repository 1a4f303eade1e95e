/**
 * A PDF written object by object as its pages come, for the searchable-PDF export: each page's image and content
 * go to the file as soon as they are made, so a document of any length needs the memory of one page (pdf-lib keeps
 * every page of a document until it saves, 376 MB for 40 scanned pages). The file is a plain PDF 1.7: catalog,
 * page tree, one standard font (Helvetica, WinAnsi, not embedded), the info dictionary, then per page its image
 * XObject, its content stream and the page; the page tree, cross-reference table and trailer close it.
 */
const CATALOG = 1;
const PAGES = 2;
const FONT = 3;
const INFO = 4;

/** A page image ready to write: its XObject dictionary entries (without /Length) and its stream bytes. */
export interface PdfImage {
  dict: string;
  data: Uint8Array;
}

/** A PDF text string: ASCII as a literal, anything else as UTF-16BE hex with a byte-order mark. */
function pdfString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/\.?0+$/, ''));

export class StreamingPdf {
  private readonly offsets: number[] = [];
  private readonly kids: number[] = [];
  private pos = 0;
  private nextObject = INFO + 1;

  private constructor(private readonly write: (chunk: Uint8Array) => Promise<void>) {}

  /** Starts a PDF on `write` (which should wait for the disk, as FileSink.write does). */
  static async start(write: (chunk: Uint8Array) => Promise<void>, info: { title: string; producer: string }): Promise<StreamingPdf> {
    const pdf = new StreamingPdf(write);
    // The binary comment line tells transfer tools the file is binary.
    await pdf.raw(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
    await pdf.object(CATALOG, `<< /Type /Catalog /Pages ${PAGES} 0 R >>`);
    await pdf.object(FONT, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    const producer = pdfString(info.producer);
    await pdf.object(INFO, `<< /Title ${pdfString(info.title)} /Producer ${producer} /Creator ${producer} >>`);
    return pdf;
  }

  /** The name the page content uses for the standard font. */
  static readonly fontName = 'F1';

  /** One page of w x h points: the image stretched over it, then `content` (operators, e.g. the invisible text). */
  async addPage(w: number, h: number, image: PdfImage, content: string): Promise<void> {
    const im = this.nextObject++;
    const contents = this.nextObject++;
    const page = this.nextObject++;
    await this.stream(im, image.dict, image.data);
    const ops = `q ${num(w)} 0 0 ${num(h)} 0 0 cm /Im0 Do Q\n${content}`;
    await this.stream(contents, '', Buffer.from(ops, 'latin1'));
    await this.object(
      page,
      `<< /Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 ${num(w)} ${num(h)}] ` +
        `/Resources << /XObject << /Im0 ${im} 0 R >> /Font << /${StreamingPdf.fontName} ${FONT} 0 R >> >> /Contents ${contents} 0 R >>`,
    );
    this.kids.push(page);
  }

  /** The page tree, cross-reference table and trailer. */
  async finish(): Promise<void> {
    await this.object(PAGES, `<< /Type /Pages /Kids [${this.kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${this.kids.length} >>`);
    const xref = this.pos;
    const size = this.nextObject;
    let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let i = 1; i < size; i++) table += `${String(this.offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`;
    table += `trailer\n<< /Size ${size} /Root ${CATALOG} 0 R /Info ${INFO} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    await this.raw(Buffer.from(table, 'latin1'));
  }

  private async raw(bytes: Uint8Array): Promise<void> {
    this.pos += bytes.length;
    await this.write(bytes);
  }

  private async object(n: number, body: string): Promise<void> {
    this.offsets[n] = this.pos;
    await this.raw(Buffer.from(`${n} 0 obj\n${body}\nendobj\n`, 'latin1'));
  }

  private async stream(n: number, dict: string, data: Uint8Array): Promise<void> {
    this.offsets[n] = this.pos;
    await this.raw(Buffer.from(`${n} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'));
    await this.raw(data);
    await this.raw(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }
}
