import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.js';
import { UsageError } from './common.js';

export interface SearchCommandDeps {
  /** The engine on a data folder, opened read-only: it searches what the index holds. */
  openEngine(dataDir: string): Promise<Pick<Engine, 'search' | 'close'>>;
  resolveDataDir(flag?: string): string;
}

/** `docket search <query> [--data DIR] [--json] [--limit N]` */
export function registerSearchCommand(program: Command, deps: SearchCommandDeps): Command {
  return program
    .command('search')
    .description('full-text search over page text, field values and file names ("exact phrase", prefix*, a OR b)')
    .argument('<query...>', 'words to find (several words must all match)')
    .option('--data <dir>', 'data folder')
    .option('--json', 'print one JSON object {query, hits}')
    .option('--limit <n>', 'most hits to show', '20')
    .action(async (words: string[], opts: { data?: string; json?: boolean; limit: string }) => {
      const query = words.join(' ');
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError(`--limit must be a whole number from 1 to 1000, not "${opts.limit}"`);
      const engine = await deps.openEngine(deps.resolveDataDir(opts.data));
      try {
        const hits = await engine.search(query, limit);
        if (opts.json) {
          process.stdout.write(JSON.stringify({ query, hits }) + '\n');
          return;
        }
        if (hits.length === 0) {
          process.stdout.write(`no matches for ${JSON.stringify(query)}\n`);
          return;
        }
        for (const h of hits) {
          const where = h.page !== null ? `page ${h.page + 1}` : h.field === 'file_name' ? 'file name' : (h.field ?? '');
          // The document's id first: what `docket show` takes.
          process.stdout.write(`#${h.documentId}  ${h.path}  [${where}]\n    ${h.snippet}\n`);
        }
        process.stdout.write(`${hits.length} hit${hits.length === 1 ? '' : 's'}\n`);
      } finally {
        await engine.close();
      }
    });
}
