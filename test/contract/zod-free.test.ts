/**
 * The sandboxed preload may require nothing but 'electron', and the renderer should not carry zod: so the
 * contract modules they load at run time (channel names, client builder, errors, word lists, and the domain.ts and
 * engine-api.ts re-exports the renderer takes constants from) must reach no package through a value import.
 * Type-only imports are erased and free. Follows relative imports with the TypeScript parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/tmp.js';

/** Module specifiers a file loads at run time: value imports and value re-exports, not `import type`/`export type`. */
function runtimeImports(file: string): string[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const st of src.statements) {
    if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      const typeOnly =
        c?.isTypeOnly ||
        (c && !c.name && c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push((st.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
      const typeOnly =
        st.isTypeOnly || (st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push((st.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

/** Every package reached at run time from the entry, with the chain of files that reaches it. */
function packagesReached(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec.replace(/\.js$/, '') + '.ts'), [...chain, file]);
      else if (!found.has(spec))
        found.set(
          spec,
          [...chain, file].map((f) => path.relative(ROOT, f)),
        );
    }
  };
  walk(path.resolve(ROOT, entry), []);
  return found;
}

describe('zod-free at run time', () => {
  it.each(['channels.ts', 'client.ts', 'errors.ts', 'vocabulary.ts', 'domain.ts', 'engine-api.ts'])(
    'src/contract/%s reaches no package',
    (f) => {
      expect(Object.fromEntries(packagesReached(`src/contract/${f}`))).toEqual({});
    },
  );

  it('the preload reaches electron only', () => {
    expect([...packagesReached('src/hosts/electron/preload/index.ts').keys()]).toEqual(['electron']);
  });

  it('sees a value import of zod where there is one', () => {
    expect([...packagesReached('src/contract/channel-schemas.ts').keys()]).toContain('zod');
  });
});
