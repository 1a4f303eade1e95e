/**
 * `docket serve [--port N] [--data DIR]`: the same app in a browser. Opens the engine on the data folder,
 * resumes unfinished batches and serves the renderer + contract on 127.0.0.1. Prints exactly one line with
 * the tokenised URL on stdout (scripts grep it); everything else goes to stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { EngineApi } from '../../contract/engine-api.js';
import type { QueueConfig } from '../../engine/pipeline/queue/index.js';
import { redisUrl } from './worker.js';

export interface ServeDeps {
  openEngine(
    dataDir: string,
    queue?: QueueConfig,
  ): Promise<
    EngineApi & {
      start(): void;
      close(): Promise<void>;
      pauseRunningBatches?(why: string): Promise<number[]>;
      startWatching?(): Promise<unknown>;
    }
  >;
  /** The scale-out queue from --queue / --secret-file, or undefined to read on local threads. */
  queueConfig?(o: { queue?: string; secretFile?: string }): QueueConfig | undefined;
  resolveDataDir(flag?: string): string;
}

/** The built renderer, wherever this module was bundled to (out/main/cli.js or out/main/chunks/*.js). */
export function findRendererDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  const candidates = [
    process.env.DOCKET_RENDERER_DIR,
    path.join(from, '../renderer'),
    path.join(from, '../../renderer'),
    path.join(from, '../../out/renderer'),
    path.join(from, '../../../out/renderer'),
  ].filter((p): p is string => !!p);
  for (const c of candidates) if (fs.existsSync(path.join(c, 'index.html'))) return path.resolve(c);
  throw new Error(`the built renderer was not found (looked in ${candidates.join(', ')}); run: npm run build`);
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0..65535, got ${v}`);
  return n;
}

export function registerServeCommand(program: Command, deps: ServeDeps): Command {
  return program
    .command('serve')
    .description('serve the Docket app to a browser on 127.0.0.1 (prints a URL with an access token)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--data <dir>', 'data folder')
    .option('--queue <url>', 'read on `docket worker` machines through this Redis (docs/SCALE-OUT.md)', redisUrl)
    .option('--secret-file <file>', "the queue's shared secret (default: $DOCKET_QUEUE_SECRET)")
    .action(async (opts: { port: number; data?: string; queue?: string; secretFile?: string }) => {
      const dataDir = deps.resolveDataDir(opts.data);
      const rendererDir = findRendererDir();
      const engine = await deps.openEngine(dataDir, deps.queueConfig?.(opts));
      // The web server and the dispatcher load with the command, not at every `docket` start-up.
      const [{ startServer }, { headlessAppHandlers }] = await Promise.all([
        import('../browser/server.js'),
        import('../dispatch/dispatch.js'),
      ]);
      await engine.start();
      // The watched folders set up in Settings are watched while the bridge runs, as in the desktop app.
      await engine.startWatching?.().catch((err: Error) => process.stderr.write(`docket: watched folders: ${err.message}\n`));
      const server = await startServer({
        engine,
        port: opts.port,
        host: '127.0.0.1',
        rendererDir,
        dataDir,
        app: headlessAppHandlers({ host: 'browser', dataDir }),
      });
      process.stdout.write(`Docket is running at ${server.url}\n`);
      process.stderr.write('Press Ctrl+C to stop.\n');
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.close().catch(() => {});
        await engine.pauseRunningBatches?.('docket serve was stopped').catch(() => []);
        await engine.close().catch(() => {});
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Keep the action pending so commander does not consider the command finished.
      await new Promise(() => {});
    });
}
