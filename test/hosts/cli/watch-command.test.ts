import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { BIN, tmpDir } from '../../helpers/tmp.js';

describe('docket watch', () => {
  it('watches a folder, prints each new document when it is processed, keeps the folder for next time, and stops on Ctrl-C', async () => {
    const inbox = tmpDir('docket-cli-watch-in-');
    const data = tmpDir('docket-cli-watch-data-');
    const child = spawn(process.execPath, [BIN, 'watch', inbox, '--data', data, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const until = async (what: string, ok: () => boolean, ms = 60_000) => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until('the watcher to start', () => err.includes('Ctrl-C stops'));
    expect(err).toContain(`watching ${inbox}`);
    fs.writeFileSync(path.join(inbox, 'arrived.pdf'), await makeInvoicePdf(7, { pages: 1 }));
    await until('the new file to be processed', () => out.includes('arrived.pdf'));
    const line = JSON.parse(out.trim().split('\n')[0]!) as { name: string; status: string; duplicate: unknown };
    expect(line.name).toBe('arrived.pdf');
    expect(['done', 'needs_review']).toContain(line.status);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    // the folder is kept: `docket watch` with no folder watches it again
    const again = spawn(process.execPath, [BIN, 'watch', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err2 = '';
    again.stderr.on('data', (b: Buffer) => (err2 += b.toString()));
    await until('the second watcher', () => err2.includes('Ctrl-C stops'));
    expect(err2).toContain(`watching ${inbox}`);
    again.kill('SIGINT');
    await new Promise((r) => again.once('exit', r));
  }, 90_000);

  it('refuses a path that is not a folder', async () => {
    const child = spawn(process.execPath, [BIN, 'watch', path.join(tmpDir(), 'missing'), '--data', tmpDir()], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/not a folder/);
  });
});
