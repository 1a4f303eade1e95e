import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { writeHostileSet } from '../read/hostile-files.js';
import { makeInvoicePdf } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp.js';

/** RSS of this process and every process under it (the reader threads live in this one), from /proc. */
function processTreeRss(root = process.pid): number {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // gone between listing and reading
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += m ? Number(m[1]) * 1024 : 0;
    } catch {
      // exited
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const DEADLINE_S = 12;
const previous = process.env.DOCKET_DOCUMENT_TIMEOUT_S;
afterAll(() => {
  if (previous === undefined) delete process.env.DOCKET_DOCUMENT_TIMEOUT_S;
  else process.env.DOCKET_DOCUMENT_TIMEOUT_S = previous;
});

describe('a batch of hostile and damaged files (issue 15)', () => {
  it('ends every document final with a reason, stays under 2 GB, and the good documents beside them finish', async () => {
    process.env.DOCKET_DOCUMENT_TIMEOUT_S = String(DEADLINE_S);
    const dir = tmpDir('docket-hostile-');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    const hostile = await writeHostileSet(input);
    const good = ['good-1.pdf', 'good-2.pdf', 'good-3.pdf'];
    for (const [i, n] of good.entries()) fs.writeFileSync(path.join(input, n), await makeInvoicePdf(i + 1));

    let peak = processTreeRss();
    const sampler = setInterval(() => (peak = Math.max(peak, processTreeRss())), 200);
    const engine = await Engine.open({ dataDir: path.join(dir, 'data'), workers: 2 });
    try {
      await engine.start();
      const batch = await engine.createBatch({ paths: [input] });
      await engine.waitForBatch(batch.id);
      clearInterval(sampler);
      peak = Math.max(peak, processTreeRss());
      const rows = (await engine.listDocuments({ batchId: batch.id, limit: 200 })).rows;
      const by = new Map(rows.map((r) => [path.basename(r.path), r]));
      expect(rows).toHaveLength(hostile.length + good.length);
      for (const r of rows) console.log(`${path.basename(r.path)}\t${r.status}\t${r.reason}`);
      console.log(`peak RSS ${Math.round(peak / 1024 ** 2)} MB`);
      for (const r of rows) expect(['done', 'needs_review', 'failed'], `${r.path}: ${r.status}`).toContain(r.status);
      for (const h of hostile) {
        const r = by.get(h.name)!;
        expect(r.reason ?? '', `${h.name} (${r.status})`).toMatch(h.reason);
      }
      for (const n of good) expect(['done', 'needs_review'], `${n}: ${by.get(n)!.reason}`).toContain(by.get(n)!.status);
      expect(peak, `peak RSS of the process tree ${Math.round(peak / 1024 ** 2)} MB`).toBeLessThan(2 * 1024 ** 3);
    } finally {
      clearInterval(sampler);
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
