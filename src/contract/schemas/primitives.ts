/** Building blocks the area schemas share: ids, nullable scalars and file-system paths as they cross the wire. */
import { z } from 'zod';

/** A row id (SQLite rowid): a non-negative integer. */
export const id = z.number().int().nonnegative();
export const nullableStr = z.string().nullable();
export const nullableNum = z.number().nullable();
/** A path the user gave; Windows' long-path limit bounds it. */
export const pathStr = z.string().min(1).max(32_767);
