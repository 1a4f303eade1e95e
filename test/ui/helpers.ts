/**
 * E2E plumbing: generated documents (pdf-lib), the real Engine behind startServer on a temporary data folder,
 * and Debian's Chromium through playwright-core. Screens are saved to test-results/screens/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/hosts/browser/server.js';
import { Engine } from '../../src/engine/engine.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
export const SCREENS = path.join(ROOT, 'test-results', 'screens');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function ensureBuilt(): void {
  const stale = !fs.existsSync(path.join(RENDERER_DIR, 'index.html')) || !fs.existsSync(path.join(ROOT, 'out', 'main', 'worker.js'));
  if (stale)
    execFileSync('npx', ['electron-vite', 'build'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
}

const VENDORS = ['Acme Supplies Ltd', 'Globex Corporation', 'Initech GmbH', 'Umbrella Services', 'Stark Industries'];

/** A plain one-page invoice with a text layer. */
export async function makeInvoicePdf(i: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const vendor = VENDORS[i % VENDORS.length]!;
  const net = 100 + i * 17.5;
  const tax = Math.round(net * 0.2 * 100) / 100;
  const lines: Array<[string, number, boolean?]> = [
    [vendor, 20, true],
    ['12 High Street, London EC1A 1BB', 10],
    ['VAT No: GB123456789', 10],
    ['INVOICE', 22, true],
    [`Invoice Number: INV-${1000 + i}`, 11],
    [`Invoice Date: 2025-03-${String((i % 27) + 1).padStart(2, '0')}`, 11],
    [`Due Date: 2025-04-${String((i % 27) + 1).padStart(2, '0')}`, 11],
    ['Bill To: Docket Test Customer', 11],
    ['Description                         Qty     Unit price     Amount', 10],
    [`Consulting services                   1     ${net.toFixed(2)}     ${net.toFixed(2)}`, 10],
    [`Subtotal: ${net.toFixed(2)} GBP`, 11],
    [`VAT 20%: ${tax.toFixed(2)} GBP`, 11],
    [`Total: ${(net + tax).toFixed(2)} GBP`, 13, true],
  ];
  let y = 790;
  for (const [text, size, b] of lines) {
    page.drawText(text, { x: 50, y, size, font: b ? bold : font });
    y -= size + 14;
  }
  return pdf.save();
}

export async function makeFolder(count: number, opts: { broken?: boolean } = {}): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-e2e-in-'));
  for (let i = 1; i <= count; i++) fs.writeFileSync(path.join(dir, `invoice-${String(i).padStart(3, '0')}.pdf`), await makeInvoicePdf(i));
  if (opts.broken)
    fs.writeFileSync(path.join(dir, 'broken.pdf'), Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf at all\n%%EOF'));
  return dir;
}

export interface App {
  engine: Engine;
  server: RunningServer;
  dataDir: string;
  close(): Promise<void>;
}

export async function startApp(opts: { workers?: number; dataDir?: string } = {}): Promise<App> {
  ensureBuilt();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'docket-e2e-data-'));
  const engine = await Engine.open({ dataDir, workers: opts.workers ?? 1 });
  await engine.start();
  const server = await startServer({ engine, port: 0, host: '127.0.0.1', rendererDir: RENDERER_DIR, dataDir });
  return {
    engine,
    server,
    dataDir,
    async close() {
      await server.close();
      await engine.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page that records console errors and page errors (the acceptance check allows none). */
export async function openPage(
  browser: Browser,
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme });
  const errors = recordErrors(page);
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, errors };
}

/** The page's console errors and page errors, collected into the returned list as they happen. */
export function recordErrors(page: Page, errors: string[] = []): string[] {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** After a failed test: a screenshot named for it (prefix + the test's name) and the page's text and errors in the log. */
export async function reportFailure(page: Page, prefix: string, test: string, errors: readonly string[], chars: number): Promise<void> {
  await screenshot(page, `${prefix}${test.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
  console.log(
    `page text at failure: ${((await page.textContent('body').catch(() => '')) ?? '').slice(0, chars)}; errors: ${errors.join(' | ')}`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
