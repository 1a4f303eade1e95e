/** Settings (an open key → value map the engine keeps) and the LLM price table the settings screen shows. */
import { z } from 'zod';

export const SettingsSchema = z.record(z.string(), z.unknown());
export type Settings = z.infer<typeof SettingsSchema>;

/** A change to some settings; keys are bounded so a patch cannot smuggle in a huge key. */
export const SettingsPatchSchema = z.record(z.string().max(100), z.unknown());

/** USD per million tokens, per model: the built-in defaults with the user's overrides from settings 'prices' merged over them. */
export const PriceTableSchema = z.record(z.string(), z.object({ input: z.number(), output: z.number() }));
export type PriceTable = z.infer<typeof PriceTableSchema>;
