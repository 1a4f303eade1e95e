/**
 * The in-process transport (tests, benchmarks): the same dispatcher the IPC relay and the WebSocket bridge
 * use, with a structured-clone round trip so tests see exactly what crosses a real wire.
 */
import type { AppHandlers, DocketClient, EngineSide } from '../../contract/contract.js';
import { fromWireError, toWireError } from '../../contract/contract.js';
import { buildClient } from '../../contract/client.js';
import type { EngineApi } from '../../contract/engine-api.js';
import { createDispatcher } from './dispatch.js';

export function createInProcessClient(engine: EngineSide & Pick<EngineApi, 'subscribe'>, app: AppHandlers): DocketClient {
  const dispatch = createDispatcher(engine, app);
  return buildClient(
    async (name, args) => {
      try {
        return structuredClone(await dispatch(name, structuredClone(args)));
      } catch (err) {
        throw fromWireError(toWireError(err));
      }
    },
    (listener) => engine.subscribe((ev) => listener(structuredClone(ev))),
  );
}
