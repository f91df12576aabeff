// Small helpers shared by normalize.ts and normalize-message.ts.
import type { z } from "zod";
import type { IgnoredChange, MetaError } from "./updates.js";
import { metaErrorSchema } from "./webhook-schema.js";

// Twelve digits of seconds reach the year 33658; anything longer is garbage, not a timestamp.
const UNIX_SECONDS = /^\d{1,12}(\.\d+)?$/;

/**
 * Meta's timestamp (unix seconds, as a string) in unix milliseconds.
 *
 * A missing or garbled timestamp becomes 0, not NaN: NaN poisons every comparison and cannot be stored as an
 * SQLite integer, while 0 is an obviously-wrong value that the Inbox caps (it clamps timestamps that are
 * implausibly old or in the future to its own clock) instead of dropping the update.
 */
export function toUnixMs(timestamp: string | number | null | undefined): number {
  let seconds = Number.NaN;
  if (typeof timestamp === "string" && UNIX_SECONDS.test(timestamp)) seconds = Number(timestamp);
  else if (typeof timestamp === "number" && timestamp >= 0 && timestamp < 1e12) seconds = timestamp;
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0;
}

/** Empty strings carry no information; treating them as absent keeps `??` chains honest. */
export function present(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

export function ignored(phoneNumberId: string | null, reason: string, raw: unknown): IgnoredChange {
  return { kind: "ignored", phoneNumberId, reason, raw };
}

/** A one-line reason from a zod error, short enough for a log line. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path === "" ? issue.message : `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : "";
  return shown.join("; ") + more;
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    // String() throws on objects without a prototype; the reason must not throw in turn.
    return "unknown error";
  }
}

/** Meta's error object in our shape, or null if it has no usable code. */
export function toMetaError(raw: unknown): MetaError | null {
  const parsed = metaErrorSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { code, title, message, error_data } = parsed.data;
  return { code, title: present(title) ?? present(message) ?? "", details: present(error_data?.details) };
}
