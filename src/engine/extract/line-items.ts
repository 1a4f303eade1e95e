/**
 * Line items from a table: a header row naming a description column and a money/quantity column, then rows that end
 * in an amount, until the summary block (subtotal/total) starts. Rows are read right to left: amount, unit price,
 * quantity, so varying column spacing does not matter.
 */
import type { LineItem } from '../../contract/domain.js';
import { type DecimalMark, findAmounts, parseAmount } from './amounts.js';
import { type Line, fold, spanIn } from './text.js';

const DESC_HEAD =
  /\b(?:description|desc|item|items|article|artikel|designation|omschrijving|beschreibung|bezeichnung|product|produkt|produit|libelle|nazwa|descripcion|descrizione|particulars|service|services|code\/desc|leistung)\b/;
const NUM_HEAD =
  /\b(?:qty|quantity|menge|anzahl|aantal|hoeveelheid|nombre|qte|quantite|ilosc|cantidad|quantita|amount|total|bedrag|montant|betrag|price|prijs|preis|prix|rate|unit|wartosc|importe|zeilenbetrag|cena)\b/;
const END =
  /\b(?:sub\s?-?\s?total|subtotaal|zwischensumme|total|totaal|summe|razem|montant\sht|total\sht|net\samount|amount\sdue|balance|tax|vat|gst|btw|tva|mwst|ust|iva|rounding|exclusief|prijzen\szijn|nettobetrag|gesamtbetrag|bruttobetrag|rechnungsbetrag|netto|brutto|do\szaplaty|te\sbetalen|net\sa\spayer)\b/;

export function findLineItems(lines: readonly Line[], decimal: DecimalMark | undefined): LineItem[] {
  const items: LineItem[] = [];
  let inTable = false;
  let headerPage = -1;
  for (const line of lines) {
    const f = fold(line.text);
    if (!inTable) {
      if (DESC_HEAD.test(f) && NUM_HEAD.test(f) && findAmounts(line.text, decimal).filter((a) => a.hasDecimals).length === 0) {
        inTable = true;
        headerPage = line.page;
      }
      continue;
    }
    if (line.page !== headerPage) {
      inTable = false;
      continue;
    }
    if (END.test(f) && !/^\s*\d+\s/.test(line.text)) {
      inTable = false;
      continue;
    }
    const toks = findAmounts(line.text, decimal).filter(
      (t) => line.text[t.end] !== '%' && !/^\s*%/.test(line.text.slice(t.end, t.end + 2)),
    );
    const money = toks.filter((t) => t.hasDecimals || t.currencyHint);
    if (!money.length) {
      // a continuation line ("Acme beeswax") extends the previous description only when short and textual
      continue;
    }
    const last = money[money.length - 1]!;
    // the description is the longest stretch of words between the numbers ("1  3  Hydraulikpumpe HP-200  1.250,00")
    let desc = '';
    let descAt = 0;
    let prevEnd = 0;
    for (const t of [...toks, { start: line.text.length, end: line.text.length }]) {
      const seg = line.text.slice(prevEnd, t.start);
      const trimmed = seg.replace(/^\s*(?:\[[^\]]*\]\s*|\*[^*]*\*\s*)?/, '').replace(/\s+$/, '');
      if (/[A-Za-zÀ-ž]{2}/.test(trimmed) && trimmed.length > desc.length) {
        desc = trimmed;
        descAt = prevEnd + seg.indexOf(trimmed);
      }
      prevEnd = t.end;
    }
    desc = desc
      .replace(/\s{2,}/g, ' ')
      .replace(/\s*(?:pcs?|units?|kg|x)$/i, '')
      .trim();
    if (!desc || descAt > last.start) continue;
    const before = toks.filter((t) => t.end <= last.start);
    let unitPrice: number | null = null;
    let quantity: number | null = null;
    const priced = before.filter((t) => (t.hasDecimals || t.currencyHint) && t.start > descAt);
    if (priced.length) unitPrice = priced[priced.length - 1]!.value;
    // counts before the description: the last is the quantity (the first may be a position number)
    const lead = before.filter((t) => t.end <= descAt && !t.currencyHint && Number.isInteger(t.value));
    const trail = before.filter(
      (t) => t.start > descAt && t !== priced[priced.length - 1] && !t.currencyHint && t.value > 0 && t.value < 100000,
    );
    const qtyTok = trail[0] ?? lead[lead.length - 1];
    if (qtyTok) quantity = qtyTok.value;
    else {
      const q = line.text.slice(descAt, last.start).match(/(?:^|\s)(\d+(?:[.,]\d+)?)\s*(?:x|pcs?|units?|kg|g|l|st|stk|szt)\b/i);
      if (q) quantity = parseAmount(q[1]!, decimal);
    }
    if (unitPrice !== null && quantity === null && Math.abs(unitPrice - last.value) < 0.005) quantity = 1;
    const s = spanIn(line, descAt, last.end);
    items.push({ description: desc, quantity, unitPrice, amount: last.value, source: s });
  }
  return items;
}
