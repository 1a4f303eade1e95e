import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../../helpers/tmp.js';

// `docket --help` and `--version` must not load the engine: the modules below take most of a second to load
// (measured: date-fns/locale 250 ms, exceljs 290 ms, stdnum 140 ms, pdf-lib 150 ms, openai 90 ms). The test
// reads the built bundle's static import graph from out/main/cli.js, so it needs `npx electron-vite build`.
const HEAVY = ['better-sqlite3', 'piscina', 'openai', 'stdnum', 'date-fns', 'date-fns/locale', 'exceljs', 'pdf-lib', 'sharp', 'zod'];
const HEAVY_PREFIX = ['pdfjs-dist', 'tesseract.js', 'js-tiktoken'];

/** Every package and file reached from a built module through static `import ... from` (not `import()`). */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) todo.push(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  }
  return { files, packages };
}

describe('docket start-up', () => {
  it('loads no engine module before a command that needs one runs', () => {
    const { packages } = staticGraph(path.join(ROOT, 'out', 'main', 'cli.js'));
    expect(packages.has('commander')).toBe(true);
    const heavy = [...packages].filter((p) => HEAVY.includes(p) || HEAVY_PREFIX.some((h) => p.startsWith(h)));
    expect(heavy).toEqual([]);
  });

  it('prints its version and its help, which lists every command', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    for (const c of ['process', 'resume', 'status', 'list', 'show', 'search', 'export', 'estimate', 'vendors', 'serve'])
      expect(h.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });
});
