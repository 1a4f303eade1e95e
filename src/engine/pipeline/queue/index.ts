/**
 * Scale-out's door for hosts: `docket worker` (startQueueWorker) and `docket status --queue` (scaleOutStatusAt).
 * The coordinator's side is chosen inside the engine (choose-pool.ts) and needs nothing from here.
 */
export { startQueueWorker, SecretRefusedError, type QueueWorkerOptions, type RunningWorker } from './worker-runtime.js';
export { scaleOutStatusAt, formatScaleOutStatus } from './queue-status.js';
export { checkSecret } from './byte-token.js';
export type { QueueConfig } from './choose-pool.js';
