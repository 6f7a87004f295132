// Building blocks for the response schemas: the shapes the services return, described once so
// the OpenAPI document and a compile-time check (responses.test.ts) both follow them.
import { z } from "zod";

/** An instant as the services write it (`Date.toISOString()`). */
export const isoInstant = z.iso.datetime();
export const nullableInstant = isoInstant.nullable();
/** A calendar day, YYYY-MM-DD. */
export const isoDay = z.iso.date();

/**
 * An object with exactly the given keys, all of one shape: a `Record<K, V>` the OpenAPI 3.0
 * document can spell out (a record with enum keys would need `propertyNames`, which 3.0 lacks).
 */
export function keyed<const K extends readonly string[], S extends z.ZodType>(keys: K, value: S) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as { [P in K[number]]: S });
}

/** The person who did something, when the account still exists. */
export const personRef = z.strictObject({ id: z.string(), name: z.string() }).nullable();
