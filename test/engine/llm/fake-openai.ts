/**
 * A scripted OpenAI-compatible server on 127.0.0.1 (real HTTP, so the real SDK, its headers and error
 * classes are exercised). Each POST takes the next scripted step, or `fallback` when the script is used up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step =
  | { kind: 'answer'; content: unknown; usage?: { in: number; out: number } | null; delayMs?: number }
  | { kind: 'error'; status: number; message?: string; headers?: Record<string, string>; body?: unknown }
  | { kind: 'raw'; status: number; body: string; contentType?: string }
  | { kind: 'hang' };

export interface Received {
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface FakeServer {
  url: string;
  received: Received[];
  /** Calls that got a 200 chat completion. */
  answered: number;
  inFlight: number;
  maxInFlight: number;
  script: Step[];
  fallback: Step | ((n: number, body: Record<string, unknown>) => Step);
  close(): Promise<void>;
}

export const INVOICE_ANSWER = {
  document_type: 'invoice',
  vendor_name: 'Acme Trading Ltd',
  vendor_tax_id: null,
  document_number: 'INV-1001',
  po_number: null,
  issue_date: '2024-03-01',
  due_date: '2024-03-31',
  currency: 'EUR',
  subtotal: 100,
  tax: 21,
  total: 121,
  line_items: [],
  confidence: null,
};

export function invoiceText(n: number | string): string {
  return `Acme Trading Ltd\nVAT GB123456789\nInvoice INV-1001 (${n})\nDate: 01/03/2024\nDue: 31/03/2024\nSubtotal EUR 100.00\nVAT 21.00\nTotal EUR 121.00\n`;
}

export async function startFakeOpenAI(fallback: FakeServer['fallback'] = { kind: 'answer', content: INVOICE_ANSWER }): Promise<FakeServer> {
  const sockets = new Set<import('node:net').Socket>();
  const state: FakeServer = {
    url: '',
    received: [],
    answered: 0,
    inFlight: 0,
    maxInFlight: 0,
    script: [],
    fallback,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  let n = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', async () => {
      const body = data ? (JSON.parse(data) as Record<string, unknown>) : {};
      state.received.push({ body, headers: req.headers, at: Date.now() });
      const k = ++n;
      const step = state.script.shift() ?? (typeof state.fallback === 'function' ? state.fallback(k, body) : state.fallback);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      const done = () => state.inFlight--;
      if (step.kind === 'hang') {
        req.socket.on('close', done);
        return;
      }
      if (step.kind === 'error') {
        done();
        res.writeHead(step.status, { 'content-type': 'application/json', ...(step.headers ?? {}) });
        res.end(JSON.stringify(step.body ?? { error: { message: step.message ?? 'failure', type: 'server_error' } }));
        return;
      }
      if (step.kind === 'raw') {
        done();
        res.writeHead(step.status, { 'content-type': step.contentType ?? 'application/json' });
        res.end(step.body);
        return;
      }
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
      done();
      state.answered++;
      const usage =
        step.usage === null
          ? undefined
          : {
              prompt_tokens: step.usage?.in ?? 2000,
              completion_tokens: step.usage?.out ?? 500,
              total_tokens: (step.usage?.in ?? 2000) + (step.usage?.out ?? 500),
            };
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${k}` });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${k}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: String(body.model ?? 'x'),
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: typeof step.content === 'string' ? step.content : JSON.stringify(step.content) },
            },
          ],
          ...(usage ? { usage } : {}),
        }),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
