import { describe, expect, it } from 'vitest';
import { buildVendorIndex, matchVendor } from '../../../src/engine/vendors/match.js';
import type { KnownVendor } from '../../../src/engine/vendors/types.js';

const vendor = (id: number, name: string, extra: Partial<KnownVendor> = {}): KnownVendor => ({
  id,
  name,
  taxId: null,
  iban: null,
  currency: null,
  aliases: [],
  ...extra,
});
const page = (text: string) => [{ index: 0, text, method: 'ocr' as const }];

const index = buildVendorIndex([
  vendor(1, 'Sanyo Trading Sdn Bhd'),
  vendor(2, 'OJC Marketing', { aliases: ['OJC Mktg'] }),
  vendor(3, 'Nordlicht Bürobedarf GmbH', { taxId: 'DE 123 456 789', iban: 'DE89 3704 0044 0532 0130 00' }),
  vendor(4, 'Südlicht Bürobedarf GmbH'),
]);

describe('matchVendor', () => {
  it('finds a vendor by its tax id, printed with or without the country prefix', () => {
    const m = matchVendor(page('Some Other Name\nUSt-IdNr. DE123456789\nTotal 10.00'), index);
    expect(m).toMatchObject({ by: 'tax_id', vendor: { id: 3 } });
    expect(matchVendor(page('Steuernummer 123 456 789'), index)?.vendor.id).toBe(3);
  });

  it('takes a tax id without its country prefix only when the digits are long enough to be nothing else', () => {
    const short = buildVendorIndex([vendor(9, 'Kedai Maju', { taxId: 'MY 123456' })]);
    expect(matchVendor(page('Invoice No 123456\nTotal 5.00'), short)).toBeNull();
    expect(matchVendor(page('SST No: MY123456\nTotal 5.00'), short)).toMatchObject({ by: 'tax_id', vendor: { id: 9 } });
  });

  it('finds a vendor by IBAN when no tax id is printed', () => {
    const m = matchVendor(page('Zahlbar an\nIBAN DE89 3704 0044 0532 0130 00'), index);
    expect(m).toMatchObject({ by: 'iban', vendor: { id: 3 } });
    expect(m!.printed).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('finds a vendor by an OCR-misread name (SANYU for SANYO, 0JC for OJC)', () => {
    expect(matchVendor(page('SANYU TRADING SDN. BHD.\nNo. 12 Jalan 3'), index)).toMatchObject({
      by: 'name',
      distance: 1,
      vendor: { id: 1 },
    });
    const m = matchVendor(page('TAX INVOICE\n0JC MARKETING\nTotal 5.00'), index);
    expect(m).toMatchObject({ by: 'name', distance: 0, vendor: { id: 2 } });
    expect(m!.source).toEqual({ page: 0, start: 12, end: 25 });
    expect(matchVendor(page('0JC MKTG'), index)?.vendor.id).toBe(2);
  });

  it('does not take the bill-to party for the issuer, on its label line or in the block under the label', () => {
    expect(matchVendor(page('Invoice 12\nBill to: OJC Marketing\nSANYO TRADING'), index)?.vendor.id).toBe(1);
    expect(
      matchVendor(page('Rechnung\nRechnungsempfänger\nOJC Marketing\nJalan 5\n40100 Shah Alam\nSanyo Trading Sdn Bhd'), index)?.vendor.id,
    ).toBe(1);
    expect(matchVendor(page('Customer: OJC Marketing\nTotal 5.00'), index)).toBeNull();
  });

  it('keeps a similar but different vendor apart and matches nothing on unknown text', () => {
    expect(matchVendor(page('Südlicht Bürobedarf GmbH\nRechnung'), index)?.vendor.id).toBe(4);
    expect(matchVendor(page('Acme Widgets Ltd\nInvoice 12'), index)).toBeNull();
    expect(matchVendor(page('anything'), buildVendorIndex([]))).toBeNull();
  });
});
