import { parentPort } from 'node:worker_threads';
import { readBatch } from './read-batch.js';
import { replyTransfers, type ReadRequest } from './reader-protocol.js';

/**
 * Ingest's reader thread: its own bundle entry (out/main/file-reader.js, electron.vite.config.ts), started by
 * read-files.ts. It answers each request with the files' sizes, times, hashes and first bytes and touches
 * nothing else: no SQLite, no engine state, Node built-ins only.
 */
const port = parentPort;
if (!port) throw new Error('reader-thread runs as a worker thread started by read-files.ts');
/** One buffer for every read: a tiny file allocates nothing of its own. */
const buf = Buffer.allocUnsafe(1024 * 1024);
port.on('message', (request: ReadRequest) => {
  const reply = readBatch(request, buf);
  port.postMessage(reply, replyTransfers(reply));
});
