/**
 * `docket estimate <path...> [--llm-model M] [--data DIR] [--json]`: what LLM extraction of these files would
 * cost before anything is sent. One JSON object on stdout with --json; a small table otherwise.
 */
import type { Command } from 'commander';
import type { Estimate } from '../../contract/engine-api.js';

export interface EstimateDeps {
  /** opts.dataDir: the --data folder, whose settings hold the user's price overrides. */
  estimateForPaths(paths: string[], model: string, opts?: { dataDir?: string; baseUrl?: string }): Promise<Estimate>;
}

export const DEFAULT_ESTIMATE_MODEL = 'gpt-4o-mini';

const int = (n: number): string => n.toLocaleString('en-US');
/** Small sums matter here (a batch can cost fractions of a cent), so show enough places to see them. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(usd >= 0.01 ? 4 : 6).replace(/0+$/, '')}`;
}

export function formatEstimate(e: Estimate): string {
  const rows: Array<[string, string]> = [
    ['model', e.model],
    ['documents', int(e.documents)],
    ['pages', e.ocrPages ? `${int(e.pages)} (${int(e.ocrPages)} need OCR; their tokens are assumed)` : int(e.pages)],
    ['tokens in', int(e.tokensIn)],
    ['tokens out', `${int(e.tokensOut)} (typical answer size)`],
    ['estimated cost', formatUsd(e.costUsd)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

export function registerEstimateCommand(program: Command, deps: EstimateDeps): Command {
  return program
    .command('estimate')
    .description('estimate the LLM cost of extracting fields from files, without sending anything')
    .argument('<path...>', 'files or folders')
    .option('--llm-model <model>', 'model to price', DEFAULT_ESTIMATE_MODEL)
    .option('--llm-base-url <url>', 'the server that would be used; a local one (localhost) prices unknown models at 0')
    .option('--data <dir>', 'data folder (for price overrides)')
    .option('--json', 'print one JSON object')
    .action(async (paths: string[], opts: { llmModel: string; llmBaseUrl?: string; data?: string; json?: boolean }) => {
      const e = await deps.estimateForPaths(paths, opts.llmModel, {
        ...(opts.data ? { dataDir: opts.data } : {}),
        ...(opts.llmBaseUrl ? { baseUrl: opts.llmBaseUrl } : {}),
      });
      process.stdout.write(opts.json ? `${JSON.stringify(e)}\n` : formatEstimate(e));
    });
}
