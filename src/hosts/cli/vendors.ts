import type { Command } from 'commander';
import fs from 'node:fs';
import type { Vendor, VendorPatch } from '../../contract/schemas/vendors.js';
import type { Engine } from '../../engine/engine.js';
import { UsageError } from './common.js';

type VendorEngine = Pick<Engine, 'listVendors' | 'importVendors' | 'updateVendor' | 'deleteVendor' | 'close'>;

export interface VendorsCommandDeps {
  /** Listing only reads, so it works beside a running Docket. */
  openReadOnly(dataFlag: string | undefined): Promise<Pick<Engine, 'listVendors' | 'close'>>;
  /** Import, edit and delete write through the engine that owns the data folder. */
  openEngine(dataFlag: string | undefined): Promise<VendorEngine>;
}

const FIELD_LABELS: Record<string, string> = {
  document_number: 'number',
  issue_date: 'date',
  due_date: 'due',
  po_number: 'PO',
  vendor_tax_id: 'tax id',
};

function vendorText(v: Vendor): string {
  const ids = [v.taxId && `tax id ${v.taxId}`, v.iban && `IBAN ${v.iban}`, v.currency].filter(Boolean).join(', ');
  const head = `#${v.id}  ${v.name}${ids ? `  (${ids})` : ''}  [${v.origin}${v.learnedFrom ? `, learned from ${v.learnedFrom} document${v.learnedFrom === 1 ? '' : 's'}` : ''}]`;
  const lines = [head];
  if (v.aliases.length) lines.push(`    also: ${v.aliases.join(', ')}`);
  for (const h of v.hints.filter((x) => x.label))
    lines.push(`    ${FIELD_LABELS[h.field] ?? h.field} ${h.placement === 'below' ? 'under' : 'after'} "${h.label}" (${h.learnedFrom}x)`);
  return lines.join('\n');
}

function idArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`a vendor id is a whole number, not "${v}"`);
  return n;
}

/**
 * `docket vendors [--find TEXT] [--json]`, `docket vendors import FILE`, `docket vendors edit ID [--name ...]`,
 * `docket vendors delete ID`: the supplier list vendor memory matches documents against.
 */
export function registerVendorsCommand(program: Command, deps: VendorsCommandDeps): Command {
  const cmd = program
    .command('vendors')
    .description('list known vendors and what reviewed documents taught them; import or edit the supplier list');

  cmd
    .command('list', { isDefault: true })
    .description('list vendors (the default: `docket vendors`)')
    .option('--data <dir>', 'data folder')
    .option('--find <text>', 'only vendors whose name, alias, tax id or IBAN contains this')
    .option('--json', 'print a JSON array of vendors')
    .action(async (opts: { data?: string; find?: string; json?: boolean }) => {
      const engine = await deps.openReadOnly(opts.data);
      try {
        const list = await engine.listVendors!({ ...(opts.find ? { text: opts.find } : {}), limit: 10_000 });
        if (opts.json) process.stdout.write(JSON.stringify(list) + '\n');
        else if (!list.length)
          process.stdout.write('no vendors yet: import a supplier list (docket vendors import FILE) or review documents\n');
        else process.stdout.write(list.map(vendorText).join('\n') + `\n${list.length} vendor${list.length === 1 ? '' : 's'}\n`);
      } finally {
        await engine.close();
      }
    });

  cmd
    .command('import')
    .description('import a supplier list: CSV with a header (name, VAT id, IBAN, currency, aliases separated by |)')
    .argument('<file>', 'CSV file')
    .option('--data <dir>', 'data folder')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { data?: string; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const engine = await deps.openEngine(opts.data);
      try {
        const r = await engine.importVendors!(text);
        if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
        else {
          process.stdout.write(`${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged\n`);
          for (const e of r.errors) process.stdout.write(`  line ${e.line}: ${e.message}\n`);
        }
      } finally {
        await engine.close();
      }
    });

  cmd
    .command('edit')
    .description('change a vendor by hand (an empty value clears it)')
    .argument('<id>', 'vendor id (see docket vendors)')
    .option('--data <dir>', 'data folder')
    .option('--name <name>', 'canonical name, written into its documents from now on')
    .option('--vat <id>', 'tax id (VAT, GST, ABN...)')
    .option('--iban <iban>', 'IBAN')
    .option('--currency <code>', 'ISO 4217 code, e.g. EUR')
    .option('--alias <name...>', 'other names the vendor prints (replaces the list)')
    .option('--json', 'print the vendor as JSON')
    .action(
      async (
        id: string,
        opts: { data?: string; name?: string; vat?: string; iban?: string; currency?: string; alias?: string[]; json?: boolean },
      ) => {
        const raw = {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.vat !== undefined ? { taxId: opts.vat || null } : {}),
          ...(opts.iban !== undefined ? { iban: opts.iban || null } : {}),
          ...(opts.currency !== undefined ? { currency: opts.currency || null } : {}),
          ...(opts.alias !== undefined ? { aliases: opts.alias } : {}),
        };
        const { VendorPatchSchema } = await import('../../contract/schemas/vendors.js');
        const parsed = VendorPatchSchema.safeParse(raw);
        if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'nothing to change');
        const engine = await deps.openEngine(opts.data);
        try {
          const v = await engine.updateVendor!(idArg(id), parsed.data as VendorPatch);
          process.stdout.write(opts.json ? JSON.stringify(v) + '\n' : vendorText(v) + '\n');
        } finally {
          await engine.close();
        }
      },
    );

  cmd
    .command('delete')
    .description('forget a vendor and what its documents taught')
    .argument('<id>', 'vendor id')
    .option('--data <dir>', 'data folder')
    .action(async (id: string, opts: { data?: string }) => {
      const engine = await deps.openEngine(opts.data);
      try {
        const gone = await engine.deleteVendor!(idArg(id));
        process.stdout.write(gone ? `vendor ${id} deleted\n` : `no vendor ${id}\n`);
      } finally {
        await engine.close();
      }
    });
  return cmd;
}
