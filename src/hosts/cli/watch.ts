/**
 * `docket watch DIR... [--data DIR]`: watch folders on a server, taking each new file once it is complete into a
 * rolling batch per folder and day, until Ctrl-C. The folders and their settings are kept in the data folder,
 * so `docket watch` with no folder watches the ones registered before (or in the desktop app's Settings).
 */
import { InvalidArgumentError, type Command } from 'commander';
import fs from 'node:fs';
import type { BatchOptions } from '../../contract/domain.js';
import { EXTRACT_MODES, type ExtractMode } from '../../contract/vocabulary.js';
import type { Engine } from '../../engine/engine.js';
import { UsageError } from './common.js';

export interface WatchCommandDeps {
  openEngine(dataFlag: string | undefined): Promise<Engine>;
}

interface WatchFlags {
  data?: string;
  poll?: boolean;
  archive?: string;
  extract?: ExtractMode;
  locale?: string;
  budget?: number;
  json?: boolean;
}

/** What a finished document prints: its id, status and name, and why when it is not done. */
export function finishedLine(d: { id: number; name: string; status: string; reason: string | null; batchId: number }): string {
  return `${String(d.id).padStart(6)}  ${d.status.padEnd(12)}  batch ${String(d.batchId).padEnd(4)} ${d.name}${d.reason && d.status !== 'done' ? `  (${d.reason})` : ''}`;
}

export function registerWatchCommand(program: Command, deps: WatchCommandDeps): void {
  program
    .command('watch')
    .description('watch folders and process each new file once it is complete (Ctrl-C stops); no folder: the ones watched before')
    .argument('[dir...]', 'folders to watch (kept in the data folder for next time)')
    .option('--data <dir>', 'data folder')
    .option('--poll', 'poll the folders instead of waiting for change events (network shares: SMB, UNC, NFS)')
    .option('--archive <dir>', 'copy each processed original here (into a folder per day); originals are never moved')
    .option('--extract <mode>', `extraction: ${EXTRACT_MODES.join(' | ')}`, (v: string) => {
      if (!EXTRACT_MODES.includes(v as ExtractMode)) throw new InvalidArgumentError(`must be one of ${EXTRACT_MODES.join(', ')}`);
      return v as ExtractMode;
    })
    .option('--locale <locale>', 'settles ambiguous dates: en-US reads 03/04 as March 4, en-GB as 3 April')
    .option('--budget <usd>', 'LLM spend cap per daily batch, in USD', (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be an amount in USD, e.g. 2.50');
      return n;
    })
    .option('--json', 'print one JSON object per finished document')
    .action(async (dirs: string[], o: WatchFlags) => {
      for (const d of dirs) if (!fs.existsSync(d) || !fs.statSync(d).isDirectory()) throw new UsageError(`not a folder: ${d}`);
      const engine = await deps.openEngine(o.data);
      const options: BatchOptions = {
        ...(o.extract ? { extract: o.extract } : {}),
        ...(o.locale ? { locale: o.locale } : {}),
        ...(o.budget !== undefined ? { budgetUsd: o.budget } : {}),
      };
      const ids: number[] = [];
      for (const dir of dirs) {
        const f = await engine.addWatchedFolder({
          path: dir,
          ...(Object.keys(options).length ? { options } : {}),
          ...(o.archive ? { archiveDir: o.archive } : {}),
          ...(o.poll ? { polling: true } : {}),
          enabled: true,
        });
        ids.push(f.id);
      }
      if (!dirs.length && !(await engine.listWatchedFolders()).some((f) => f.enabled)) {
        await engine.close();
        throw new UsageError('no folder to watch: name one, e.g. "docket watch ./inbox"');
      }
      engine.subscribe((e) => {
        if (e.type !== 'document.finished') return;
        void engine.getDocument(e.documentId).then((d) => {
          if (!d) return;
          const row = { id: d.id, name: d.name, status: d.status, reason: d.reason, batchId: d.batchId };
          process.stdout.write((o.json ? JSON.stringify({ ...row, duplicate: d.duplicate ?? null }) : finishedLine(row)) + '\n');
        });
      });
      await engine.start();
      const watched = await engine.startWatching(dirs.length ? ids : undefined);
      for (const f of watched)
        process.stderr.write(`watching ${f.path}${f.polling ? ' (polling)' : ''}${f.archiveDir ? `; copies to ${f.archiveDir}` : ''}\n`);
      process.stderr.write('new files are processed once complete; Ctrl-C stops\n');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write('stopping; files not yet taken are taken on the next start\n');
      await engine.close();
    });
}
