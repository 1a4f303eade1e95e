/**
 * The processing half of the engine, in one module the facade imports on first need (engine.ts): the worker
 * pool, the scheduler, ingest and sniffing, extraction with vendor memory, the LLM step and the cost
 * estimator. Together they pull in piscina, file-type, date-fns and its locales, stdnum, openai, tiktoken and
 * the zod schemas of the LLM and e-invoice paths: about half a second of module loading that `docket status`,
 * `list`, `show`, `search` and `export` never need.
 */
export { ingestBatch, type IngestStats } from './ingest/ingest.js';
export { sniffFile } from './ingest/sniff.js';
export { documentFilesFor } from './ingest/estimate-files.js';
export { createTaskPool, defaultWorkerCount, type TaskPool } from './pipeline/pool.js';
export { choosePool } from './pipeline/queue/choose-pool.js';
export { DEFAULT_MAX_PIXELS } from './pipeline/process-document.js';
export { Scheduler, type PipelineSteps } from './pipeline/scheduler.js';
export { refusingLlmClient } from './llm/client.js';
export { createLlmExtractor, type LlmExtractor } from './llm/extractor.js';
export { estimateWithStore, type EstimateDoc } from './llm/cost/estimate.js';
export { extractWithVendorMemory } from './vendors/extract-step.js';
export { learnFromDocument } from './vendors/memory.js';
