import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ExportKind, ExportRequest } from '../../contract/engine-api.js';
import { EXPORT_KINDS } from '../../contract/vocabulary.js';
import type { Engine } from '../../engine/engine.js';
import { UsageError } from './common.js';

/** What the export command needs of the engine: the export itself and the batch list for a helpful error. */
export type ExportEngine = Pick<Engine, 'getBatch' | 'listBatches' | 'exportDocuments' | 'close'>;

export interface ExportCommandDeps {
  /** The engine on a data folder, opened read-only: an export never writes the store. */
  openEngine(dataDir: string): Promise<ExportEngine>;
  resolveDataDir(flag?: string): string;
}

export const CLI_EXPORT_FORMATS = EXPORT_KINDS;
type CliFormat = ExportKind;
type Delimiter = NonNullable<ExportRequest['delimiter']>;

interface ExportCliOptions {
  all?: boolean;
  format?: string;
  status?: string;
  out?: string;
  delimiter?: string;
  data?: string;
  json?: boolean;
}

function parseDelimiter(v: string | undefined): Delimiter {
  if (v === undefined) return ',';
  const t = v.trim().toLowerCase();
  if (t === ',' || t === 'comma') return ',';
  if (t === ';' || t === 'semicolon') return ';';
  throw new UsageError(`--delimiter must be ',' or ';', not "${v}"`);
}

function defaultOut(format: CliFormat, batchId: number | null): string {
  const stem = batchId === null ? 'docket-all' : `docket-batch-${batchId}`;
  switch (format) {
    case 'pdf':
      return path.resolve(`${stem}-searchable`);
    case 'failures':
      return path.resolve(`${stem}-failures.csv`);
    case 'ledger':
      return path.resolve(`${stem}-ledger.csv`);
    case 'datev':
      // DATEV's import recognises its files by this prefix
      return path.resolve(`EXTF_Buchungsstapel-${stem}.csv`);
    default:
      return path.resolve(`${stem}.${format}`);
  }
}

/** `docket export <batchId|--all> --format csv|xlsx|json|pdf|failures|ledger|datev [--status S[,S]] [--out FILE|DIR] [--delimiter ';'] [--data DIR] [--json]` */
export function registerExportCommand(program: Command, deps: ExportCommandDeps): Command {
  return program
    .command('export')
    .description('export documents to CSV, XLSX or JSON, write searchable PDFs of scans, or a failure report')
    .argument('[batchId]', 'the batch to export (or --all)')
    .option('--all', 'export every batch')
    .option('--format <format>', `one of ${CLI_EXPORT_FORMATS.join(', ')}`)
    .option('--status <list>', 'only documents in these statuses, comma separated (e.g. done,needs_review)')
    .option('--out <path>', 'output file (a folder for --format pdf); default: a new name in the current folder')
    .option('--delimiter <char>', "CSV delimiter: ',' (default) or ';' (decimals then use ',')")
    .option('--data <dir>', 'data folder')
    .option('--json', 'print the result as JSON')
    .action(async (batchArg: string | undefined, opts: ExportCliOptions) => {
      const format = (opts.format ?? '').trim().toLowerCase() as CliFormat;
      if (!opts.format) throw new UsageError(`--format is required (${CLI_EXPORT_FORMATS.join(', ')})`);
      if (!CLI_EXPORT_FORMATS.includes(format))
        throw new UsageError(`unknown format "${opts.format}" (use ${CLI_EXPORT_FORMATS.join(', ')})`);
      if (opts.all && batchArg !== undefined) throw new UsageError('give a batch id or --all, not both');
      if (!opts.all && batchArg === undefined) throw new UsageError('give a batch id, or --all for every batch');
      let batchId: number | null = null;
      if (batchArg !== undefined) {
        if (!/^\d+$/.test(batchArg.trim())) throw new UsageError(`batch id must be a number, not "${batchArg}"`);
        batchId = Number(batchArg.trim());
      }
      const delimiter = parseDelimiter(opts.delimiter);
      if (opts.delimiter !== undefined && format !== 'csv' && format !== 'failures')
        throw new UsageError('--delimiter applies to csv and failures only');
      // The engine's module (loaded by the command anyway) knows the status words and its error type.
      const { EngineError, normaliseStatuses } = await import('./open-engine.js');
      let status: ExportRequest['status'];
      try {
        status = normaliseStatuses(opts.status?.split(','));
      } catch (err) {
        throw new UsageError(`--status: ${(err as Error).message}`);
      }
      const out = opts.out ? path.resolve(opts.out) : defaultOut(format, batchId);
      if (format === 'pdf' && fs.existsSync(out) && !fs.statSync(out).isDirectory())
        throw new UsageError(`--out ${out} is a file; --format pdf writes a folder`);

      const dataDir = deps.resolveDataDir(opts.data);
      const engine = await deps.openEngine(dataDir);
      try {
        if (batchId !== null && !(await engine.getBatch(batchId))) {
          const known = (await engine.listBatches()).slice(0, 10).map((b) => b.id);
          throw new UsageError(
            `no batch ${batchId} in ${dataDir}${known.length ? ` (latest: ${known.reverse().join(', ')})` : ' (it has no batches)'}`,
          );
        }
        const print = (human: string, json: Record<string, unknown>): void => {
          process.stdout.write(opts.json ? JSON.stringify({ format, batchId, ...json }) + '\n' : human + '\n');
        };
        const r = await engine.exportDocuments({ format, batchId, status, out, delimiter });
        if (format === 'pdf') {
          const failed = r.failed ?? [];
          for (const f of opts.json ? [] : failed) process.stderr.write(`could not make a searchable PDF of ${f.path}: ${f.reason}\n`);
          print(
            `wrote ${r.documents} searchable PDF${r.documents === 1 ? '' : 's'} to ${out}${failed.length ? ` (${failed.length} failed)` : ''}`,
            {
              outDir: out,
              written: r.documents,
              files: r.files ?? [],
              failed,
            },
          );
          if (failed.length > 0 && r.documents === 0) process.exitCode = 1;
          return;
        }
        const docs = `${r.documents} document${r.documents === 1 ? '' : 's'}`;
        if (r.files && r.files.length > 1) {
          // DATEV over several fiscal years: one booking batch per year
          print(`exported ${docs} to ${r.files.length} files, one per fiscal year:\n${r.files.map((f) => `  ${f}`).join('\n')}`, {
            documents: r.documents,
            file: r.path,
            files: r.files,
          });
          return;
        }
        print(`exported ${docs} to ${r.path}`, { documents: r.documents, file: r.path });
      } catch (err) {
        // The engine refuses a bad --status or --out as 'invalid': the user's input, so exit code 2.
        if (err instanceof EngineError && err.kind === 'invalid') throw new UsageError(err.message, { cause: err });
        throw err;
      } finally {
        await engine.close();
      }
    });
}
