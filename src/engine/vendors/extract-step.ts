/**
 * The pipeline's extraction step with vendor memory in front: the document's vendor is recognised first (tax id,
 * IBAN, OCR-tolerant name), what its reviewed documents taught is handed to extraction as candidates that compete
 * with the built-in finders, and the result says which values the memory vouched for.
 */
import type { BatchOptions, ExtractionResult } from '../../contract/domain.js';
import { extractDocument } from '../extract/index.js';
import type { PageResult } from '../pipeline/process-document.js';
import type { Db } from '../store/db.js';
import { markVendorEvidence, vendorMemoryFor } from './memory.js';
import type { PlacedPage } from './position.js';

export function extractWithVendorMemory(db: Db, pages: readonly PageResult[], opts: BatchOptions): ExtractionResult {
  const input: PlacedPage[] = pages.map((p) => ({
    index: p.index,
    text: p.text,
    method: p.method,
    width: p.width,
    height: p.height,
    ...(p.words ? { words: p.words } : {}),
  }));
  const memory = vendorMemoryFor(db, input);
  const result = extractDocument(input, {
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.reviewThreshold !== undefined ? { reviewThreshold: opts.reviewThreshold } : {}),
    ...(memory
      ? {
          extraCandidates: memory.proposals,
          knownVendor: {
            name: memory.match.vendor.name,
            taxId: memory.match.vendor.taxId,
            iban: memory.match.vendor.iban,
            currency: memory.match.vendor.currency,
            learnedFrom: memory.learnedFrom,
          },
        }
      : {}),
  });
  return memory ? markVendorEvidence(result, memory) : result;
}
