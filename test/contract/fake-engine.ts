/** A small in-memory EngineApi for transport and UI plumbing tests (no SQLite, no workers). */
import type { BatchSummary, DocumentDetail, DocumentRow, EngineEvent } from '../../src/contract/domain.js';
import type { DocumentPage, DocumentQuery, EngineApi, Estimate, NewBatchRequest, SearchHit } from '../../src/contract/engine-api.js';

export class FakeEngine implements EngineApi {
  calls: Array<{ name: string; args: unknown[] }> = [];
  batches: BatchSummary[] = [];
  docs: DocumentRow[] = [];
  settings: Record<string, unknown> = { workers: 2 };
  private listeners = new Set<(e: EngineEvent) => void>();

  private record(name: string, args: unknown[]) {
    this.calls.push({ name, args });
  }

  emit(e: EngineEvent) {
    for (const l of this.listeners) l(e);
  }

  static batch(id: number, name = `batch ${id}`): BatchSummary {
    return {
      id,
      name,
      status: 'done',
      createdAt: 1_700_000_000_000,
      finishedAt: null,
      counts: { total: 2, queued: 0, processing: 0, done: 1, needs_review: 0, failed: 1, skipped: 0 },
      pages: 2,
      pagesByMethod: { text: 2, ocr: 0 },
      elapsedMs: 1000,
      pagesPerSec: 2,
      etaMs: null,
      costUsd: 0,
      budgetUsd: null,
      options: {},
    };
  }

  static row(id: number, batchId: number, name: string, status: DocumentRow['status'] = 'done'): DocumentRow {
    return {
      id,
      batchId,
      path: `/in/${name}`,
      name,
      size: 1000,
      kind: 'pdf',
      status,
      reason: status === 'failed' ? 'damaged PDF' : null,
      method: 'text',
      pageCount: 1,
      attempts: 1,
      duplicateOf: null,
      docType: 'invoice',
      docTypeConfidence: 0.9,
      confidence: 0.8,
      vendor: 'Acme',
      docNumber: `INV-${id}`,
      issueDate: '2025-01-02',
      total: 10 * id,
      currency: 'EUR',
      costUsd: 0,
      reviewedAt: null,
      elapsedMs: 10,
    };
  }

  async listBatches() {
    this.record('listBatches', []);
    return this.batches;
  }
  async getBatch(id: number) {
    this.record('getBatch', [id]);
    return this.batches.find((b) => b.id === id) ?? null;
  }
  async createBatch(req: NewBatchRequest) {
    this.record('createBatch', [req]);
    const b = FakeEngine.batch(this.batches.length + 1, req.name ?? 'new');
    this.batches.push(b);
    return b;
  }
  async pauseBatch(id: number) {
    this.record('pauseBatch', [id]);
    return { ...FakeEngine.batch(id), status: 'paused' as const };
  }
  async resumeBatch(id: number) {
    this.record('resumeBatch', [id]);
    return { ...FakeEngine.batch(id), status: 'running' as const };
  }
  async cancelBatch(id: number) {
    this.record('cancelBatch', [id]);
    return { ...FakeEngine.batch(id), status: 'cancelled' as const };
  }
  async listDocuments(q: DocumentQuery): Promise<DocumentPage> {
    this.record('listDocuments', [q]);
    let rows = this.docs.filter(
      (d) => (q.batchId == null || d.batchId === q.batchId) && (!q.status?.length || q.status.includes(d.status)),
    );
    if (q.text) rows = rows.filter((d) => d.name.includes(q.text!));
    const after = q.after ? Number(q.after) : 0;
    const limit = q.limit ?? 100;
    const page = rows.filter((r) => r.id > after).slice(0, limit);
    const last = page[page.length - 1];
    return { rows: page, next: page.length === limit && last ? String(last.id) : null, total: rows.length };
  }
  async getDocument(id: number): Promise<DocumentDetail | null> {
    this.record('getDocument', [id]);
    const row = this.docs.find((d) => d.id === id);
    if (!row) return null;
    return { ...row, sha256: null, mtime: null, pages: [], fields: [], lineItems: [], issues: [], corrections: [], events: [] };
  }
  async getPageImage(id: number, page: number, maxSide?: number) {
    this.record('getPageImage', [id, page, maxSide]);
    return { mime: 'image/png', base64: '', width: 1, height: 1 };
  }
  async updateField(id: number, field: string, value: string | null) {
    this.record('updateField', [id, field, value]);
    return (await this.getDocument(id))!;
  }
  async markReviewed(ids: number[], reviewed: boolean) {
    this.record('markReviewed', [ids, reviewed]);
    return ids.length;
  }
  async retryDocuments(ids: number[] | 'all-failed', batchId?: number) {
    this.record('retryDocuments', batchId === undefined ? [ids] : [ids, batchId]);
    return ids === 'all-failed' ? this.docs.filter((d) => d.status === 'failed').length : ids.length;
  }
  async listLog(batchId: number | null, after?: number, limit?: number) {
    this.record('listLog', [batchId, after, limit]);
    return [];
  }
  async getSettings() {
    this.record('getSettings', []);
    return this.settings;
  }
  async setSettings(patch: Record<string, unknown>) {
    this.record('setSettings', [patch]);
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }
  async search(query: string, limit?: number): Promise<SearchHit[]> {
    this.record('search', [query, limit]);
    return [];
  }
  async estimate(paths: string[], model?: string): Promise<Estimate> {
    this.record('estimate', [paths, model]);
    return { documents: paths.length, pages: paths.length, ocrPages: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, model: model ?? 'none' };
  }
  subscribe(listener: (e: EngineEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
