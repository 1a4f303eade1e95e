import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { UsageError } from '../../../src/hosts/cli/common.js';
import { registerVendorsCommand } from '../../../src/hosts/cli/vendors.js';
import { tmpDir } from '../../helpers/tmp.js';

// `docket vendors` against the real engine: listing opens it read-only, import/edit/delete open the writer.

let dir: string;
let out: string[];
const run = async (...args: string[]) => {
  const program = new Command('docket').exitOverride();
  registerVendorsCommand(program, {
    openReadOnly: (d) => Engine.open({ dataDir: d!, readOnly: true }),
    openEngine: (d) => Engine.open({ dataDir: d! }),
  });
  out.length = 0;
  await program.parseAsync(['node', 'docket', ...args, '--data', path.join(dir, 'data')]);
  return out.join('');
};

beforeEach(async () => {
  dir = tmpDir('docket-cli-vendors-');
  (await Engine.open({ dataDir: path.join(dir, 'data') })).close();
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('docket vendors', () => {
  it('imports a supplier list, lists it as text and JSON, edits and deletes a vendor', async () => {
    const csv = path.join(dir, 'suppliers.csv');
    fs.writeFileSync(
      csv,
      'name;USt-IdNr;IBAN;Währung;Aliases\nQuellbrunn Feinmechanik KG;DE 298 374 615;DE89 3704 0044 0532 0130 00;EUR;Quellbrunn|QF\nOJC Marketing;;;MYR;\nBad Row;;DE00 1234 5678;EUR;\n',
    );
    expect(await run('vendors', 'import', csv)).toBe(
      '2 added, 0 updated, 0 unchanged\n  line 4: IBAN "DE00 1234 5678" fails its checksum\n',
    );
    const text = await run('vendors');
    expect(text).toContain('#1  Quellbrunn Feinmechanik KG  (tax id DE298374615, IBAN DE89370400440532013000, EUR)  [import]');
    expect(text).toContain('    also: Quellbrunn, QF');
    expect(text).toMatch(/2 vendors\n$/);
    const json = JSON.parse(await run('vendors', '--find', 'ojc', '--json')) as Array<{ id: number; name: string }>;
    expect(json.map((v) => v.name)).toEqual(['OJC Marketing']);
    const edited = JSON.parse(
      await run('vendors', 'edit', String(json[0]!.id), '--currency', 'sgd', '--alias', '0JC', 'OJC Mktg', '--json'),
    );
    expect(edited).toMatchObject({ currency: 'SGD', aliases: ['0JC', 'OJC Mktg'], origin: 'user' });
    expect(await run('vendors', 'delete', String(json[0]!.id))).toBe(`vendor ${json[0]!.id} deleted\n`);
    expect(JSON.parse(await run('vendors', '--json'))).toHaveLength(1);
  });

  it('says what is wrong with an empty edit, a bad id or a missing file', async () => {
    await expect(run('vendors', 'edit', '1')).rejects.toThrow(UsageError);
    await expect(run('vendors', 'edit', 'x', '--name', 'A')).rejects.toThrow(/vendor id/);
    await expect(run('vendors', 'import', path.join(dir, 'nope.csv'))).rejects.toThrow(/cannot read/);
    expect(await run('vendors')).toMatch(/^no vendors yet/);
  });
});
