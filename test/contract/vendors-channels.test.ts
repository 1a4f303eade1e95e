import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { channels, type ChannelArgs, type ChannelResult, type DocketClient } from '../../src/contract/contract.js';
import type { EngineApi } from '../../src/contract/engine-api.js';
import { Engine } from '../../src/engine/engine.js';
import { headlessAppHandlers } from '../../src/hosts/dispatch/dispatch.js';
import { createInProcessClient } from '../../src/hosts/dispatch/in-process.js';
import { tmpDir } from '../helpers/tmp.js';

// The vendor channels through the dispatcher every transport shares, against the real engine: arguments are
// validated by the channel's zod schema before the engine sees them, and replies are what the reply schema says.

type Opt<K extends keyof EngineApi> = Parameters<NonNullable<EngineApi[K]>>;
type OptRet<K extends keyof EngineApi> = Awaited<ReturnType<Extract<NonNullable<EngineApi[K]>, (...a: never[]) => unknown>>>;

let engine: Engine;
let client: DocketClient;
beforeAll(async () => {
  const dir = tmpDir('docket-vendor-channels-');
  engine = await Engine.open({ dataDir: path.join(dir, 'data') });
  client = createInProcessClient(engine, headlessAppHandlers({ host: 'test', dataDir: dir }));
});
afterAll(async () => engine?.close());

describe('vendor channels', () => {
  it("keep each channel's argument and reply types in step with EngineApi", () => {
    expectTypeOf<ChannelArgs<'listVendors'>>().toExtend<Opt<'listVendors'>>();
    expectTypeOf<OptRet<'listVendors'>>().toExtend<ChannelResult<'listVendors'>>();
    expectTypeOf<ChannelArgs<'importVendors'>>().toExtend<Opt<'importVendors'>>();
    expectTypeOf<OptRet<'importVendors'>>().toExtend<ChannelResult<'importVendors'>>();
    expectTypeOf<ChannelArgs<'updateVendor'>>().toExtend<Opt<'updateVendor'>>();
    expectTypeOf<OptRet<'updateVendor'>>().toExtend<ChannelResult<'updateVendor'>>();
    expectTypeOf<ChannelArgs<'deleteVendor'>>().toExtend<Opt<'deleteVendor'>>();
  });

  it('import, list, edit and delete over the wire with replies the schemas accept', async () => {
    const r = await client.importVendors('name,vat id,currency,aliases\nSanyo Trading Sdn Bhd,,MYR,SANYO|Sanyo Trdg\n');
    expect(channels.importVendors.result.parse(r)).toEqual({ added: 1, updated: 0, unchanged: 0, errors: [] });
    const list = await client.listVendors();
    expect(channels.listVendors.result.parse(list)).toEqual(list);
    expect(list).toMatchObject([{ name: 'Sanyo Trading Sdn Bhd', currency: 'MYR', aliases: ['SANYO', 'Sanyo Trdg'], origin: 'import' }]);
    // the schema upper-cases a currency code before the engine sees it
    const v = await client.updateVendor(list[0]!.id, { currency: 'sgd' });
    expect(channels.updateVendor.result.parse(v)).toMatchObject({ currency: 'SGD', origin: 'user' });
    expect(await client.listVendors({ text: 'trdg' })).toHaveLength(1);
    expect(await client.deleteVendor(list[0]!.id)).toBe(true);
    expect(await client.listVendors()).toEqual([]);
  });

  it('refuses malformed arguments before the engine, and says when a vendor does not exist', async () => {
    await expect(client.updateVendor(1, {})).rejects.toMatchObject({ kind: 'invalid-args' });
    await expect(client.updateVendor(1, { currency: 'euro' })).rejects.toMatchObject({ kind: 'invalid-args' });
    await expect(client.importVendors('')).rejects.toMatchObject({ kind: 'invalid-args' });
    await expect(client.updateVendor(999, { name: 'X' })).rejects.toMatchObject({ kind: 'engine', message: 'no vendor 999' });
  });
});
