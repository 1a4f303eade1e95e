import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A born-digital invoice PDF with a real text layer, made in code (no binary fixtures in the repo). */
export async function makeInvoicePdf(n: number, opts: { vendor?: string; total?: string; pages?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = opts.pages ?? 1;
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    const lines =
      p === 0
        ? [
            opts.vendor ?? 'Northwind Traders Ltd',
            '12 Harbour Street, Bristol BS1 4DJ, United Kingdom',
            'VAT Reg No: GB123456789',
            'INVOICE',
            `Invoice number: INV-${String(n).padStart(5, '0')}`,
            'Invoice date: 14/03/2024',
            'Due date: 13/04/2024',
            'Description                 Qty    Unit price    Amount',
            'Consulting services           2        100.00    200.00',
            'Travel expenses               1         50.00     50.00',
            'Subtotal                                         250.00',
            'VAT 20%                                           50.00',
            `Total due                                  GBP ${opts.total ?? '300.00'}`,
            'Payment within 30 days. Thank you for your business.',
          ]
        : [
            `Page ${p + 1} of ${pages}`,
            'Terms and conditions apply to every order placed with us.',
            'Goods remain our property until paid in full.',
          ];
    lines.forEach((t, i) => page.drawText(t, { x: 50, y: 780 - i * 22, size: 11, font }));
  }
  return doc.save();
}
