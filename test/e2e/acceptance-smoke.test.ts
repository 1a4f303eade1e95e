/**
 * Runs the shared acceptance smoke script (../shared/acceptance/lib/ui_smoke.mjs) against startServer on a
 * data folder holding the processed eval invoices: the same thing `ui-browser` does through `docket serve`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SCREENS, startApp, waitFor, type App } from './helpers.js';

const SMOKE = path.resolve(ROOT, '..', 'shared', 'acceptance', 'lib', 'ui_smoke.mjs');
const INVOICES = path.resolve(ROOT, '..', 'shared', 'eval', 'invoices');
const run = promisify(execFile);

describe.skipIf(!fs.existsSync(SMOKE) || !fs.existsSync(INVOICES) || !fs.existsSync('/usr/bin/chromium'))('acceptance ui smoke', () => {
  let app: App | undefined;
  afterAll(async () => app?.close());

  it('shows the batch, its documents and a document’s fields without page errors', async () => {
    app = await startApp({ workers: 2 });
    const b = await app.engine.createBatch({ paths: [INVOICES] });
    await waitFor(async () => (await app!.engine.getBatch(b.id))?.status === 'done', 300_000, 'the eval batch');
    const shots = path.join(SCREENS, 'acceptance');
    fs.mkdirSync(shots, { recursive: true });
    const { stdout } = await run(process.execPath, [SMOKE, app.server.url, shots], { cwd: ROOT }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(stdout).toMatch(/document view shows its fields: true; page errors: 0/);
    const rows = Number(/rows with \.pdf: (\d+)/.exec(stdout)?.[1] ?? 0);
    expect(rows).toBeGreaterThanOrEqual(5);
  }, 400_000);
});
