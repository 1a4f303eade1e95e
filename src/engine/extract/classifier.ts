/**
 * Document type from weighted multilingual cues. A title near the top counts more than a word in the body, and
 * till features (cash, change, cashier, times) outweigh a "TAX INVOICE" header, which many shop receipts print.
 */
import type { DocType } from '../../contract/domain.js';
import { fold } from './text.js';

type Scored = Exclude<DocType, 'other'>;
interface Cue {
  re: RegExp;
  w: number;
}

const CUES: Record<Scored, Cue[]> = {
  invoice: [
    { re: /\b(?:invoice|factuur|rechnung|facture|faktura|fattura|factura|fatura|lasku|faktur)\b/g, w: 1.0 },
    {
      re: /\b(?:invoice\s(?:no|number|date|#)|factuurnummer|rechnungsnummer|rechnungsdatum|factuurdatum|date\sde\sfacture|data\swystawienia)\b/g,
      w: 1.2,
    },
    { re: /\b(?:bill\sto|due\sdate|payment\sterms|vervaldatum|fallig|echeance|termin\splatnosci|net\s30|iban|remit)\b/g, w: 0.6 },
    { re: /\b(?:vat|btw|tva|mwst|ust)\b/g, w: 0.2 },
  ],
  receipt: [
    { re: /\b(?:receipt|kassenbon|quittung|bon|recu|kwitansi|resit|paragon|struk|cash\sbill|cash\ssales?)\b/g, w: 1.1 },
    {
      re: /\b(?:cash|change|tender(?:ed)?|cashier|kembali|rounding|thank\syou|please\scome\sagain|counter|pos\s?\d|terminal|member|visa|mastercard|debit|qty)\b/g,
      w: 0.45,
    },
    { re: /\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:am|pm)?\b/g, w: 0.35 },
    { re: /\b(?:rm|sdn\.?\s?bhd|gst\sid|gst\sreg)\b/g, w: 0.2 },
  ],
  purchase_order: [
    {
      re: /\b(?:purchase\sorder|p\.o\.|bestellung|bon\sde\scommande|inkooporder|zamowienie|ordine\sd[i']acquisto|orden\sde\scompra)\b/g,
      w: 1.6,
    },
    { re: /\b(?:po\s(?:no|number|#)|ship\svia|deliver\sto|delivery\sdate|requested\sby|buyer|vendor)\b/g, w: 0.5 },
  ],
  credit_note: [
    {
      re: /\b(?:credit\s?note|credit\smemo|gutschrift|avoir|creditnota|nota\skredytowa|nota\sde\scredito|nota\sdi\scredito|faktura\skorygujaca|storno|refund)\b/g,
      w: 2.0,
    },
    { re: /\b(?:credited|credit\samount|original\sinvoice|amount\scredited)\b/g, w: 0.6 },
  ],
};

export function classifyDocument(text: string): { docType: DocType; confidence: number } {
  // "STRICTLY NO CASH REFUND" is a shop's returns policy, not a refund
  const f = fold(text).replace(/\b(?:no|non)[\s-]?(?:cash\s)?refund\w*/g, (m) => `no returns${' '.repeat(Math.max(0, m.length - 10))}`);
  const head = f.slice(0, Math.min(f.length, 600));
  const scores: Record<Scored, number> = { invoice: 0, receipt: 0, purchase_order: 0, credit_note: 0 };
  for (const [type, cues] of Object.entries(CUES) as Array<[Scored, Cue[]]>) {
    for (const { re, w } of cues) {
      re.lastIndex = 0;
      const all = f.match(re)?.length ?? 0;
      re.lastIndex = 0;
      const top = head.match(re)?.length ?? 0;
      // diminishing returns: the fifth "cash" says little more than the second
      scores[type] += w * (Math.log2(1 + all) + 0.8 * Math.min(top, 2));
    }
  }
  // money handed over and given back happens at a till, whatever the slip's title says
  if (/\b(?:cash|tender(?:ed)?|payment)\b/.test(f) && /\b(?:change(?:\s?due)?|kembali|baki)\b/.test(f)) scores.receipt += 2.5;
  if (/\bcashier\b/.test(f)) scores.receipt += 1;
  // Till features beyond cash and change: a rounding line (to the nearest 5 cents at a till), a card payment, a
  // time of day to the second, a counter/POS or shop farewell. Several of them mark a sale across a counter even
  // when the slip is titled TAX INVOICE and numbered; an invoice sent for payment later has billing terms instead.
  const till = [
    /\bround(?:ing)?\b/.test(f),
    /\b(?:cash|tunai)\b/.test(f) && /\b(?:change|kembali|baki)\b/.test(f),
    /\b(?:cashier|counter|pos|terminal|served\sby|salesperson)\b/.test(f),
    /\b(?:visa|master\s?card|e?card|debit|credit\scard|payment\smode)\b/.test(f),
    /\b\d{1,2}:\d{2}:\d{2}\b|\b\d{1,2}:\d{2}\s?(?:am|pm)\b/.test(f),
    /\b(?:thank\syou|come\sagain|goods\ssold\sare\snot|not\sreturnable|no\srefund|no\sreturns)/.test(f),
  ].filter(Boolean).length;
  const billing =
    /\b(?:bill(?:ed)?\sto|due\sdate|payment\sterms|terms\sof\spayment|iban|remit\w*|net\s\d{1,3}\b|ship\sto|sold\sto|please\spay|pay\sby|bank\stransfer|account\sno)\b/.test(
      f,
    );
  if (till >= 2 && !billing) scores.receipt += 1.5 * till;
  // a credit note or PO usually also says "invoice" (original invoice, invoice address): their own cue decides
  if (scores.credit_note >= 2.5) scores.credit_note += scores.invoice * 0.5;
  if (scores.purchase_order >= 2.5) scores.purchase_order += scores.invoice * 0.3;
  const ranked = (Object.entries(scores) as Array<[Scored, number]>).sort((a, b) => b[1] - a[1]);
  const [bestType, best] = ranked[0]!;
  const second = ranked[1]![1];
  if (best < 1) return { docType: 'other', confidence: Math.max(0.3, 1 - best) * 0.8 };
  const margin = (best - second) / (best + 1);
  const confidence = Math.min(0.98, 0.45 + 0.5 * margin + Math.min(0.2, best * 0.03));
  return { docType: bestType, confidence: Math.round(confidence * 100) / 100 };
}
