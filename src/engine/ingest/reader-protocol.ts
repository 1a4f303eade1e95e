/**
 * The messages between ingest (`read-files.ts`, on the engine's thread) and its reader threads (`reader-thread.ts`,
 * built as out/main/file-reader.js): reads, and the walk a thread of its own runs. Both sides import these types, so
 * a change to one side that the other does not follow fails the typecheck.
 */

/** What a reader thread is asked. */
export type ReaderRequest = ReadRequest | WalkRequest | WalkMore;
/** What it answers: one reply per read request; found files, then the walk's end, after a walk request. */
export type ReaderReply = ReadReply | WalkFound | WalkEnd;

/** Read these files: size and time of each and, for one of 1 byte to `maxBytes`, its SHA-256 and first `headBytes` bytes. */
export interface ReadRequest {
  kind: 'read';
  /** Echoed in the reply: a thread may hold several requests. */
  id: number;
  paths: string[];
  maxBytes: number;
  headBytes: number;
}

/** Why one file could not be read: the system's code (ENOENT, EACCES, EISDIR, ENOTREG, ...) and its message. */
export interface ReadError {
  code: string | undefined;
  message: string;
}

/**
 * The answer, one column per field with an entry per path in the request's order. The numeric columns and the
 * heads are typed arrays whose buffers are moved to the engine's thread, not copied (`replyTransfers`): a reply
 * for 512 files is a handful of objects instead of 512. File i's first bytes are heads[headEnds[i-1] .. headEnds[i]]
 * (from 0 for the first file); a file that was not read adds none.
 */
export interface ReadReply {
  kind: 'read';
  id: number;
  sizes: Float64Array;
  /** Modification times, ms since the epoch, rounded. */
  mtimes: Float64Array;
  headEnds: Int32Array;
  heads: Uint8Array;
  /** Hex SHA-256 of what was read; null for a file not read (empty, over `maxBytes`, or failed). */
  hashes: Array<string | null>;
  /** Null for a file that was measured (and read if it was due). */
  errors: Array<ReadError | null>;
}

/** The buffers a reply moves to the receiving thread instead of copying. */
export function replyTransfers(r: ReadReply): ArrayBuffer[] {
  return [r.sizes.buffer, r.mtimes.buffer, r.headEnds.buffer, r.heads.buffer] as ArrayBuffer[];
}

/**
 * Walk these inputs (walk-tree.ts) and send what is found, a batch at a time. The thread sends at most
 * WALK_AHEAD batches the walk's consumer has not taken yet, and goes on for each `more`, so a huge tree is not
 * listed into memory faster than it is ingested.
 */
export interface WalkRequest {
  kind: 'walk';
  inputs: string[];
}
/** One batch taken: the walker may send another. */
export interface WalkMore {
  kind: 'more';
}
export const WALK_AHEAD = 16;
/** Found files in walk order: their paths, and the entries among them that are errors (index, clerk's reason, system code). */
export interface WalkFound {
  kind: 'found';
  paths: string[];
  failed: Array<{ at: number; error: string; code?: string }>;
}
/** The walk is over; `error` when the walk itself failed (not a file or folder: those are entries). */
export interface WalkEnd {
  kind: 'walked';
  error?: string;
}
