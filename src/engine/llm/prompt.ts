import { z } from 'zod';
import { DOC_TYPES } from '../../contract/domain.js';
import { countChatTokens, countTokens, truncateToTokens, type ChatMessage } from './cost/tokens.js';

/**
 * Bump on any change to the instructions or the schema: it is part of the cache key, so answers produced by an
 * older prompt are never served for the new one.
 */
export const PROMPT_VERSION = 'extract-v1';

/** Output cap sent as max_tokens and reserved in the budget as the worst case: ten fields plus a modest
 * line-item table fit easily; a model that rambles past it is cut off rather than paid for. */
export const MAX_OUTPUT_TOKENS = 1200;
/** Reasoning models spend hidden tokens before answering; they need more room and bill it as output. */
export const MAX_OUTPUT_TOKENS_REASONING = 4000;
/** Document text beyond this is cut: field values live on the first pages, and a 300-page annex must not
 * cost dollars per document. */
export const MAX_DOCUMENT_TOKENS = 12_000;
/** Output tokens an answer typically takes, for the pre-flight estimate. */
export const TYPICAL_OUTPUT_TOKENS = 350;

const nstr = z.string().nullable();
const nnum = z.number().nullable();

/** What we ask for. Every property required and nullable: OpenAI's strict structured outputs demand it. */
export const answerSchema = z.object({
  document_type: z.enum(DOC_TYPES),
  vendor_name: nstr.describe('Name of the seller / issuer as printed'),
  vendor_tax_id: nstr.describe('Seller VAT / GST / tax registration number as printed'),
  document_number: nstr.describe('Invoice / receipt / credit note / order number'),
  po_number: nstr.describe("Buyer's purchase order number, if quoted"),
  issue_date: nstr.describe('Issue date as YYYY-MM-DD'),
  due_date: nstr.describe('Payment due date as YYYY-MM-DD'),
  currency: nstr.describe('ISO 4217 code, e.g. EUR'),
  subtotal: nnum.describe('Total before tax'),
  tax: nnum.describe('Total tax amount'),
  total: nnum.describe('Grand total payable'),
  line_items: z.array(
    z.object({
      description: z.string(),
      quantity: nnum,
      unit_price: nnum,
      amount: nnum,
    }),
  ),
  confidence: nnum.describe('Your confidence in the answer, 0..1'),
});
export type Answer = z.infer<typeof answerSchema>;

function buildJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(answerSchema, { target: 'draft-7' }) as Record<string, unknown>;
  // OpenAI's structured-output validator rejects a few draft keywords at the top level.
  delete s.$schema;
  return s;
}
export const ANSWER_JSON_SCHEMA: Record<string, unknown> = buildJsonSchema();
export const ANSWER_SCHEMA_NAME = 'document_fields';

/* Numbers sometimes come back as printed strings ("1.234,56" → we still want them); anything else wrong
 * (not an object, a table that is not a list, an object where a number belongs) is a schema break. */
const looseNum = z.union([z.number(), z.string(), z.null()]).optional();
const looseStr = z.union([z.string(), z.number(), z.null()]).optional();
/**
 * What we accept. Lenient about what does not matter (missing optional keys, extra keys, numbers as strings,
 * an unknown document type), strict about shape, because many OpenAI-compatible servers ignore strict mode.
 */
export const acceptedAnswerSchema = z.looseObject({
  document_type: z.string().nullish(),
  vendor_name: looseStr,
  vendor: looseStr,
  vendor_tax_id: looseStr,
  document_number: looseStr,
  invoice_number: looseStr,
  po_number: looseStr,
  issue_date: looseStr,
  due_date: looseStr,
  currency: looseStr,
  subtotal: looseNum,
  tax: looseNum,
  total: looseNum,
  line_items: z
    .array(
      z.looseObject({
        description: looseStr,
        quantity: looseNum,
        unit_price: looseNum,
        amount: looseNum,
      }),
    )
    .nullish(),
  confidence: looseNum,
});
export type AcceptedAnswer = z.infer<typeof acceptedAnswerSchema>;

const SYSTEM = [
  'You extract fields from business documents (invoices, receipts, purchase orders, credit notes).',
  'Answer with one JSON object that follows the given schema, and nothing else.',
  'Use null for any field the document does not state; never guess or compute a value that is not printed,',
  'except that amounts are plain numbers with "." as decimal separator and no currency symbol or thousands separator.',
  'Dates are YYYY-MM-DD. Currency is the ISO 4217 code. vendor_name is the party that issued the document, not the customer.',
].join(' ');

export interface PromptPage {
  index: number;
  text: string;
}

function userMessage(pagesText: string, locale: string | undefined): string {
  const hint = locale ? `Locale hint for ambiguous dates and numbers: ${locale}.\n` : '';
  return `${hint}Return the fields of this document as JSON.\n\n${pagesText}`;
}

/** Pages joined with markers so the model can tell page breaks from blank lines. */
export function documentText(pages: readonly PromptPage[]): string {
  return pages.map((p) => `--- page ${p.index + 1} ---\n${p.text ?? ''}`).join('\n');
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** The document text actually sent (after truncation): the cache key hashes this. */
  text: string;
  truncated: boolean;
  /** Prompt tokens as billed, including framing and the response schema. */
  promptTokens: number;
}

/** The exact prompt the extractor sends; the estimate counts this same function's output. */
export function buildPrompt(pages: readonly PromptPage[], model: string, locale?: string): BuiltPrompt {
  let text = documentText(pages);
  let truncated = false;
  if (text.length > MAX_DOCUMENT_TOKENS && countTokens(text, model) > MAX_DOCUMENT_TOKENS) {
    text = truncateToTokens(text, MAX_DOCUMENT_TOKENS, model);
    truncated = true;
  }
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: userMessage(text, locale) },
  ];
  return { messages, text, truncated, promptTokens: countChatTokens(messages, model, ANSWER_JSON_SCHEMA) };
}

/** Prompt tokens for a document whose text is not known yet, given an assumed token count for its text. */
export function promptTokensFor(textTokens: number, pageCount: number, model: string, locale?: string): number {
  const empty = buildPrompt(
    Array.from({ length: pageCount }, (_, i) => ({ index: i, text: '' })),
    model,
    locale,
  );
  return empty.promptTokens + Math.min(textTokens, MAX_DOCUMENT_TOKENS);
}

export function isReasoningModel(model: string): boolean {
  return /^(o1|o3|o4|gpt-5)/.test(model.toLowerCase().replace(/^openai\//, ''));
}

export function maxOutputTokens(model: string): number {
  return isReasoningModel(model) ? MAX_OUTPUT_TOKENS_REASONING : MAX_OUTPUT_TOKENS;
}
