#!/usr/bin/env node
// The `docket` command. The engine is TypeScript, built into out/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = path.join(root, 'out', 'main', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write(`docket: the engine is not built yet (${entry} is missing); run "npm run build" in ${root}\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv);
// Exit explicitly once stdout has drained: a lingering handle in a library must not keep a script waiting.
process.stdout.write('', () => process.exit(code));
