/** Capabilities of the host (Electron shell, browser bridge) rather than of the engine: app info, API key, native dialogs. */
import { z } from 'zod';

export const AppInfoSchema = z.object({
  host: z.enum(['electron', 'browser', 'test']),
  version: z.string(),
  dataDir: z.string(),
  /** Whether an API key is stored. The key itself never reaches the renderer. */
  apiKeySet: z.boolean(),
  /** Whether the host can show native folder/file pickers (Electron yes, browser no). */
  canPickPaths: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** The reply of setApiKey: only whether a key is stored, never the key. */
export const ApiKeyStateSchema = z.object({ apiKeySet: z.boolean() });
export type ApiKeyState = z.infer<typeof ApiKeyStateSchema>;

/** What the native save dialog is for: a file of that kind, or a folder (searchable PDFs). */
export const SaveTargetSchema = z.object({
  defaultName: z.string().min(1).max(255),
  kind: z.enum(['csv', 'xlsx', 'json', 'xml', 'folder']),
});
export type SaveTarget = z.infer<typeof SaveTargetSchema>;
