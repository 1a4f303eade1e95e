/**
 * Validated edits: values typed in the grid are parsed and checked like extracted ones (amounts in the locale's
 * notation, dates that exist, ISO currency codes, tax ids), an invalid one is refused with its reason, the issues
 * are worked out again after each edit, and "Mark reviewed" is refused while a key field holds an invalid value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { checkEditedValue, parseEditedAmount, parseEditedDate } from '../../../src/engine/review/edit-values.js';
import { storedValueProblem } from '../../../src/engine/review/stored-values.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { processPaths } from '../../helpers/engine.js';
import { tmpDir } from '../../helpers/tmp.js';

describe('edited values are parsed like extracted ones', () => {
  it('reads amounts in the locale notation and refuses what the locale would misread', () => {
    expect(parseEditedAmount('abc', 'en-GB')).toEqual({ ok: false, reason: '"abc" is not an amount' });
    const en = parseEditedAmount('1.234,56', 'en-GB');
    expect(en.ok).toBe(false);
    expect(!en.ok && en.reason).toMatch(/not an amount in en-GB: write it as 1,234\.56/);
    expect(parseEditedAmount('1.234,56', 'de-DE')).toEqual({ ok: true, value: '1234.56' });
    expect(parseEditedAmount('1,234.56', 'en-US')).toEqual({ ok: true, value: '1234.56' });
    expect(parseEditedAmount('1 234,56', 'fr-FR')).toEqual({ ok: true, value: '1234.56' });
    // the stored form the editor starts from is accepted in every locale
    expect(parseEditedAmount('12.50', 'de-DE')).toEqual({ ok: true, value: '12.50' });
    expect(parseEditedAmount('€ 12.5', null)).toEqual({ ok: true, value: '12.50' });
    expect(parseEditedAmount('(3.20)', null)).toEqual({ ok: true, value: '-3.20' });
    expect(parseEditedAmount('12.345', 'en-GB').ok).toBe(false);
  });

  it('refuses dates that do not exist and reads numeric dates in the locale order', () => {
    expect(parseEditedDate('31/02/2024', 'en-GB')).toEqual({ ok: false, reason: '"31/02/2024" is not a date: February 2024 has 29 days' });
    expect(parseEditedDate('29/02/2024', 'en-GB')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseEditedDate('02/03/2024', 'en-US')).toEqual({ ok: true, value: '2024-02-03' });
    expect(parseEditedDate('02/03/2024', 'de-DE')).toEqual({ ok: true, value: '2024-03-02' });
    expect(parseEditedDate('2023-02-29', null).ok).toBe(false);
    expect(parseEditedDate('3 March 2024', null)).toEqual({ ok: true, value: '2024-03-03' });
    expect(parseEditedDate('next tuesday', null).ok).toBe(false);
  });

  it('takes ISO currency codes and unambiguous symbols, and tax ids by their country rules', () => {
    expect(checkEditedValue('currency', 'eur')).toEqual({ ok: true, value: 'EUR' });
    expect(checkEditedValue('currency', '£')).toEqual({ ok: true, value: 'GBP' });
    expect(checkEditedValue('currency', 'XYZ').ok).toBe(false);
    expect(checkEditedValue('currency', 'euros please').ok).toBe(false);
    // DE 136 695 976 has a valid check digit; DE 123 456 789 does not
    expect(checkEditedValue('vendor_tax_id', 'DE 136 695 976')).toEqual({ ok: true, value: 'DE 136 695 976' });
    const bad = checkEditedValue('vendor_tax_id', 'DE123456789');
    expect(!bad.ok && bad.reason).toMatch(/not a valid tax id for prefix DE/);
    expect(checkEditedValue('total', '')).toEqual({ ok: true, value: null });
    expect(checkEditedValue('vendor_name', '  Acme   Ltd ')).toEqual({ ok: true, value: 'Acme Ltd' });
    expect(checkEditedValue('vendor_name', '---').ok).toBe(false);
    expect(checkEditedValue('nonsense', 'x').ok).toBe(false);
  });

  it('holds stored values to the same rules', () => {
    expect(storedValueProblem('total', 'abc')).toBe('"abc" is not an amount');
    expect(storedValueProblem('issue_date', '2024-02-31')).toMatch(/February 2024 has 29 days/);
    expect(storedValueProblem('currency', 'EURO')).toMatch(/ISO 4217/);
    expect(storedValueProblem('total', '12.50')).toBeNull();
    expect(storedValueProblem('total', null)).toBeNull();
  });
});

describe('edits through the engine', () => {
  let engine: Engine;
  let ids: Record<string, number>;

  beforeAll(async () => {
    const dir = tmpDir('docket-edit-');
    // printed total 120.00 while subtotal 250.00 + tax 50.00 = 300.00: a sum check fails
    fs.writeFileSync(path.join(dir, 'wrong-total.pdf'), await makeInvoicePdf(8, { vendor: 'Contoso GmbH', total: '120.00' }));
    fs.writeFileSync(path.join(dir, 'fine.pdf'), await makeInvoicePdf(9, { vendor: 'Northwind Traders Ltd' }));
    const r = await processPaths([dir], { workers: 1 });
    engine = r.engine;
    ids = Object.fromEntries(r.rows.map((d) => [d.name, d.id]));
  });
  afterAll(async () => engine?.close());

  it('refuses "abc" as a total and 31/02/2024 as a date, with the reason, and stores nothing', async () => {
    const id = ids['fine.pdf']!;
    await expect(engine.updateField(id, 'total', 'abc')).rejects.toThrow('"abc" is not an amount');
    await expect(engine.updateField(id, 'issue_date', '31/02/2024')).rejects.toThrow('February 2024 has 29 days');
    const d = (await engine.getDocument(id))!;
    expect(d.fields.find((f) => f.name === 'total')?.value).toBe('300.00');
    expect(d.corrections).toEqual([]);
  });

  it('stores an accepted edit in normal form and works the issues out again', async () => {
    const id = ids['wrong-total.pdf']!;
    const before = (await engine.getDocument(id))!;
    const stale = before.issues.filter((i) => /120\.00/.test(i.message));
    expect(stale.length).toBeGreaterThan(0);
    const d = await engine.updateField(id, 'total', '300');
    expect(d.fields.find((f) => f.name === 'total')?.value).toBe('300.00');
    expect(d.total).toBe(300);
    expect(d.issues.filter((i) => /120\.00/.test(i.message))).toEqual([]);
    expect(d.checks?.find((c) => c.id === 'sum.subtotal-tax-total')?.passed).toBe(true);
    // back to a wrong figure: the sum's reason comes back with the new figure
    const again = await engine.updateField(id, 'total', '310.00');
    expect(again.issues.map((i) => i.message).join(' ')).toMatch(/310\.00/);
    // the undo restores the value and the reasons follow it
    const undone = await engine.undoCorrection!(again.corrections.at(-1)!.id);
    expect(undone.issues.map((i) => i.message).join(' ')).not.toMatch(/310\.00/);
    // set back to the machine's reading: the checks speak of its figure again, never of the edits
    const back = await engine.updateField(id, 'total', '120.00');
    expect(back.fields.find((f) => f.name === 'total')?.origin).toBe('rules');
    const text = back.issues.map((i) => i.message).join(' ');
    expect(text).toMatch(/120\.00/);
    expect(text).not.toMatch(/310\.00|300\.00 =/);
  });

  it('refuses Mark reviewed, single and bulk, while a key field holds an invalid value', async () => {
    const bad = ids['wrong-total.pdf']!;
    const good = ids['fine.pdf']!;
    // a value stored before edits were checked
    engine.db.prepare("UPDATE fields SET value = 'abc' WHERE document_id = ? AND name = 'total'").run(bad);
    await expect(engine.markReviewed([bad], true)).rejects.toThrow(/not marked reviewed: .*total "abc" is not an amount/);
    await expect(engine.bulkUpdate!([good, bad], { reviewed: true })).rejects.toThrow(/wrong-total\.pdf/);
    expect((await engine.getDocument(good))!.reviewedAt).toBeNull();
    await engine.updateField(bad, 'total', '300.00');
    expect(await engine.bulkUpdate!([good, bad], { reviewed: true })).toBe(2);
  });
});
