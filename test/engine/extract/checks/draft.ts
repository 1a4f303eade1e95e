/** A made-up Draft for check tests: only what a test sets differs from an empty receipt. */
import type { Draft } from '../../../../src/engine/extract/checks/types.js';

export function draft(over: Partial<Draft> = {}): Draft {
  return {
    docType: 'receipt',
    values: {},
    lineItems: [],
    extras: {},
    country: null,
    language: null,
    text: '',
    now: new Date('2026-06-15T12:00:00Z'),
    ...over,
  };
}

export function line(description: string, amount: number | null, quantity: number | null = null, unitPrice: number | null = null) {
  return { description, amount, quantity, unitPrice };
}
