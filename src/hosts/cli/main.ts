/**
 * `docket`: the headless host of the engine, for servers and scripts. Each command opens the engine on a
 * data folder, does one thing, and exits: 0 when the work ran to the end (even with failed documents),
 * 2 on a usage error, 3 when the data folder or database cannot be used.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import type { BatchOptions, BatchSummary } from '../../contract/domain.js';
import { EXTRACT_MODES, type ExtractMode } from '../../contract/vocabulary.js';
import type { Engine } from '../../engine/engine.js';
import type { QueueConfig } from '../../engine/pipeline/queue/index.js';
import pkg from '../../../package.json' with { type: 'json' };
import { resolveDataDir, UsageError } from './common.js';
import { registerDocumentCommands } from './documents.js';
import { progressLine, summaryText } from './progress-bar.js';
import { registerEstimateCommand } from './estimate.js';
import { exitWithLauncher } from './launcher-watch.js';
import { registerExportCommand } from './export.js';
import { registerSearchCommand } from './search.js';
import { registerServeCommand } from './serve.js';
import { registerVendorsCommand } from './vendors.js';
import { registerWatchCommand } from './watch.js';
import { printQueueStatus, queueConfigFromFlags, redisUrl, registerWorkerCommand } from './worker.js';
import os from 'node:os';

/**
 * The engine and everything under it (SQLite, pdfjs, OCR, extraction rules, LLM client) load only when a
 * command runs that needs them; `--help`, `--version` and usage errors stay fast.
 */
let engineModule: Promise<typeof import('./open-engine.js')> | null = null;
const loadEngine = () => (engineModule ??= import('./open-engine.js'));

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError(`${what} must be a whole number from 1 to 256`);
  return n;
};
const money = (v: string) => {
  const n = Number(v.replace(/^\$/, ''));
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be an amount in USD, e.g. 2.50');
  return n;
};

const countsByType = (engine: Engine, batchId: number): Record<string, number> => engine.documentTypeCounts(batchId);

function summaryJson(engine: Engine, b: BatchSummary) {
  return {
    batchId: b.id,
    name: b.name,
    status: b.status,
    counts: b.counts,
    needsReview: b.counts.needs_review,
    pages: b.pages,
    pagesByMethod: b.pagesByMethod,
    elapsedMs: b.elapsedMs,
    pagesPerSec: Math.round(b.pagesPerSec * 1000) / 1000,
    countsByType: countsByType(engine, b.id),
    costUsd: b.costUsd,
    budgetUsd: b.budgetUsd,
    duplicates: b.duplicates ?? { exact: 0, possible: 0 },
  };
}

/** Live progress on stderr when it is a terminal; silent otherwise (logs and --json stay clean). */
function attachProgress(engine: Engine, batchIds: Set<number> | null): () => void {
  if (!process.stderr.isTTY) return () => {};
  let last = '';
  const unsub = engine.subscribe((e) => {
    if ((e.type === 'batch.progress' || e.type === 'batch.finished') && (!batchIds || batchIds.has(e.batch.id))) {
      last = progressLine(e.batch, 28);
      process.stderr.write(`\r\x1b[2K${last}`);
    }
  });
  return () => {
    unsub();
    if (last) process.stderr.write('\n');
  };
}

const openEngine = async (dataFlag: string | undefined, opts: { workers?: number; wait?: boolean; queue?: QueueConfig } = {}) =>
  (await loadEngine()).openEngine(dataFlag, opts);
const openReadOnly = async (dataFlag: string | undefined) => (await loadEngine()).openReadOnly(dataFlag);

/**
 * Waits for the batches to finish. When processing stops instead (the data folder's disk is full), the engine is
 * closed before main() reports the error, so threads end and the folder's lock is released.
 */
async function waitOrClose(engine: Engine, batchIds: number[]): Promise<void> {
  try {
    for (const id of batchIds) await engine.waitForBatch(id);
  } catch (err) {
    await engine.close().catch(() => undefined);
    throw err;
  }
}

/** A confidence as 0..1 or a percentage ("0.75", "75", "75%"). */
function threshold(v: string): number {
  const t = v.trim().replace(/%$/, '');
  const n = Number(t);
  if (!t || !Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('must be a confidence between 0 and 1, or a percentage');
  return n > 1 || v.trim().endsWith('%') ? n / 100 : n;
}

/** Ctrl-C stops cleanly: in-flight documents go back to the queue and `docket resume` continues. */
function onInterrupt(engine: Engine): void {
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write('\nstopping; run "docket resume" to continue\n');
    // the batches show "paused" while nothing works on them, not "running"
    void engine
      .pauseRunningBatches('stopped with Ctrl+C')
      .catch(() => [])
      .then(() => engine.close())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * On the operator's own command line, `--llm-base-url` names the server for the key in the same environment
 * (DOCKET_API_KEY / OPENAI_API_KEY): that key is bound to the URL given, as DOCKET_LLM_BASE_URL would bind it. A
 * DOCKET_LLM_BASE_URL already set keeps its binding (and a batch naming another URL is refused); a browser client of
 * `docket serve` can never redirect a key this way, since it sets no environment (secrets.ts).
 */
export function bindEnvKeyToFlag(llmBaseUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (llmBaseUrl && !env.DOCKET_LLM_BASE_URL && (env.DOCKET_API_KEY || env.OPENAI_API_KEY)) env.DOCKET_LLM_BASE_URL = llmBaseUrl;
}

export function buildProgram(): Command {
  const program = new Command('docket')
    .description('Docket: offline document processing (ingest, OCR, classify, extract, review, export)')
    .showHelpAfterError('(run "docket --help" for usage)')
    .version(pkg.version, '-V, --version', 'print the version')
    .configureOutput({ outputError: (str, write) => write(str) });
  program.exitOverride();

  program
    .command('process')
    .description('make a batch from files and folders (recursively) and process it')
    .argument('<path...>', 'files and folders to process')
    .option('--data <dir>', 'data folder (default: the per-user app data folder, or $DOCKET_DATA)')
    .option('--workers <n>', 'worker threads (default: CPU count)', positiveInt('--workers'))
    .option('--name <name>', 'batch name')
    .option('--extract <mode>', `extraction: ${EXTRACT_MODES.join(' | ')}`, (v: string) => {
      if (!EXTRACT_MODES.includes(v as ExtractMode)) throw new InvalidArgumentError(`must be one of ${EXTRACT_MODES.join(', ')}`);
      return v as ExtractMode;
    })
    .option('--llm-base-url <url>', 'OpenAI-compatible server (OpenAI, Ollama, LM Studio, llama.cpp ...)')
    .option('--llm-model <model>', 'model name, e.g. gpt-4o-mini')
    .option('--budget <usd>', 'hard cap on LLM spend for this batch, in USD', money)
    .option('--locale <locale>', 'settles ambiguous dates: en-US reads 03/04 as March 4, en-GB as 3 April')
    .option('--review-threshold <confidence>', 'a key field under this confidence (0.6, or 60%) sends its document to review', threshold)
    .option('--ocr-lang <lang>', 'OCR language', 'eng')
    .option('--max-file-mb <mb>', 'skip files larger than this', positiveInt('--max-file-mb'))
    .option('--json', 'print one JSON object with the summary on stdout')
    .option('--wait', 'when another Docket is using the data folder, wait for it to finish instead of stopping')
    .option('--queue <url>', 'read on `docket worker` machines through this Redis (docs/SCALE-OUT.md)', redisUrl)
    .option('--secret-file <file>', "the queue's shared secret (default: $DOCKET_QUEUE_SECRET)")
    .option('--urgent', "this batch's documents go before other batches' (and jump the queue)")
    .action(
      async (
        paths: string[],
        o: {
          data?: string;
          workers?: number;
          name?: string;
          extract?: ExtractMode;
          llmBaseUrl?: string;
          llmModel?: string;
          budget?: number;
          locale?: string;
          reviewThreshold?: number;
          ocrLang: string;
          maxFileMb?: number;
          json?: boolean;
          wait?: boolean;
          queue?: string;
          secretFile?: string;
          urgent?: boolean;
        },
      ) => {
        for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
        if ((o.extract === 'llm-all' || o.extract === 'llm-review') && !o.llmModel)
          throw new UsageError(`--extract ${o.extract} needs --llm-model`);
        const queue = queueConfigFromFlags(o);
        bindEnvKeyToFlag(o.llmBaseUrl);
        const engine = await openEngine(o.data, {
          ...(o.workers ? { workers: o.workers } : {}),
          wait: o.wait === true,
          ...(queue ? { queue } : {}),
        });
        onInterrupt(engine);
        const options: BatchOptions = {
          ...(o.urgent ? { priority: 'urgent' as const } : {}),
          ocrLang: o.ocrLang,
          ...(o.workers ? { workers: o.workers } : {}),
          ...(o.extract ? { extract: o.extract } : {}),
          ...(o.locale ? { locale: o.locale } : {}),
          ...(o.reviewThreshold !== undefined ? { reviewThreshold: o.reviewThreshold } : {}),
          ...(o.llmBaseUrl || o.llmModel
            ? { llm: { ...(o.llmBaseUrl ? { baseUrl: o.llmBaseUrl } : {}), ...(o.llmModel ? { model: o.llmModel } : {}) } }
            : {}),
          ...(o.budget !== undefined ? { budgetUsd: o.budget } : {}),
          ...(o.maxFileMb ? { maxFileBytes: o.maxFileMb * 1024 * 1024 } : {}),
        };
        await engine.assertSomethingToProcess(paths);
        await engine.start();
        const created = await engine.createBatch({ paths, ...(o.name ? { name: o.name } : {}), options });
        const detach = o.json ? () => {} : attachProgress(engine, new Set([created.id]));
        await waitOrClose(engine, [created.id]);
        detach();
        const b = engine.getBatchSync(created.id)!;
        if (o.json) process.stdout.write(JSON.stringify(summaryJson(engine, b)) + '\n');
        else process.stdout.write(summaryText(b, { byType: countsByType(engine, b.id) }) + '\n');
        await engine.close();
      },
    );

  program
    .command('resume')
    .description('continue every unfinished batch (after a crash, Ctrl-C or pause)')
    .option('--data <dir>', 'data folder')
    .option('--workers <n>', 'worker threads', positiveInt('--workers'))
    .option('--json', 'print one JSON object per line per batch resumed')
    .option('--wait', 'when another Docket is using the data folder, wait for it to finish instead of stopping')
    .option('--queue <url>', 'read on `docket worker` machines through this Redis (re-attaches to jobs in flight)', redisUrl)
    .option('--secret-file <file>', "the queue's shared secret (default: $DOCKET_QUEUE_SECRET)")
    .action(async (o: { data?: string; workers?: number; json?: boolean; wait?: boolean; queue?: string; secretFile?: string }) => {
      const queue = queueConfigFromFlags(o);
      const engine = await openEngine(o.data, {
        ...(o.workers ? { workers: o.workers } : {}),
        wait: o.wait === true,
        ...(queue ? { queue } : {}),
      });
      onInterrupt(engine);
      const before = (await engine.listBatches())
        .filter((b) => b.status === 'ingesting' || b.status === 'running' || b.status === 'paused')
        .map((b) => b.id);
      await engine.start({ includePaused: true });
      const detach = o.json ? () => {} : attachProgress(engine, new Set(before));
      await waitOrClose(engine, before);
      detach();
      const summaries = before.map((id) => engine.getBatchSync(id)!).filter(Boolean);
      if (o.json) process.stdout.write(JSON.stringify({ resumed: summaries.map((b) => summaryJson(engine, b)) }) + '\n');
      else
        process.stdout.write(
          summaries.length
            ? summaries.map((b) => summaryText(b, { byType: countsByType(engine, b.id) })).join('\n') + '\n'
            : 'nothing to resume: every batch is finished\n',
        );
      await engine.close();
    });

  program
    .command('status')
    .description('list batches with their counts (their documents: docket list --batch N)')
    .option('--data <dir>', 'data folder')
    .option('--json', 'print JSON')
    .option('--queue <url>', 'show the scale-out queue at this Redis instead: its depth and the workers online', redisUrl)
    .action(async (o: { data?: string; json?: boolean; queue?: string }) => {
      if (o.queue) return printQueueStatus(o.queue, o.json === true);
      const engine = await openReadOnly(o.data);
      const batches = await engine.listBatches();
      if (o.json) process.stdout.write(JSON.stringify({ batches: batches.map((b) => summaryJson(engine, b)) }) + '\n');
      else if (!batches.length) process.stdout.write('no batches yet: run "docket process <folder>"\n');
      else {
        for (const b of batches) {
          const c = b.counts;
          process.stdout.write(
            `${String(b.id).padStart(4)}  ${b.status.padEnd(9)}  ${String(c.total).padStart(6)} docs  done ${c.done}  review ${c.needs_review}  failed ${c.failed}  skipped ${c.skipped}  queued ${c.queued + c.processing}${b.duplicates && (b.duplicates.exact || b.duplicates.possible) ? `  duplicates ${b.duplicates.exact} exact, ${b.duplicates.possible} possible` : ''}  ${b.name}\n`,
          );
        }
      }
      await engine.close();
    });

  registerDocumentCommands(program, { openReadOnly });
  registerServeCommand(program, {
    openEngine: (dataDir, queue) => openEngine(dataDir, queue ? { queue } : {}),
    queueConfig: queueConfigFromFlags,
    resolveDataDir,
  });
  registerEstimateCommand(program, {
    estimateForPaths: async (paths, model, opts) => {
      for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
      const engine = await openReadOnly(opts?.dataDir);
      try {
        return await engine.estimate(paths, model, { baseUrl: opts?.baseUrl ?? null });
      } finally {
        await engine.close();
      }
    },
  });
  registerExportCommand(program, { openEngine: openReadOnly, resolveDataDir });
  registerSearchCommand(program, { openEngine: openReadOnly, resolveDataDir });
  registerVendorsCommand(program, { openReadOnly, openEngine: (dataFlag) => openEngine(dataFlag) });
  registerWatchCommand(program, { openEngine: (dataFlag) => openEngine(dataFlag) });
  registerWorkerCommand(program, () => Math.max(1, os.availableParallelism()));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  exitWithLauncher();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    // Whatever failed, the engine's threads end before the process does (see closeOpenEngines).
    if (engineModule) await (await engineModule).closeOpenEngines();
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      process.stderr.write(`docket: ${err.message}\n`);
      return 2;
    }
    // Only an engine that was loaded can have thrown an engine error; a failure before that is reported as is.
    const known = engineModule ? (await engineModule).classifyEngineError(err) : null;
    if (known) {
      process.stderr.write(`docket: ${known[1]}\n`);
      return known[0];
    }
    process.stderr.write(`docket: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

// Run when loaded as the CLI entry (bin/docket.js imports this module and calls main itself).
export default main;
