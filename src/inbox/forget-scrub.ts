// The pieces of /forget that work on text the bot stored in other shapes: webhook bodies (JSON from
// Meta), outbox payloads (JSON for Graph), and a last sweep of every text column for the phone number.
// Pure functions and plain SQL, so they run the same on better-sqlite3 and in a Durable Object.
import { is, sql } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { InboxDb } from "../store/db.js";
import * as schema from "../store/schema.js";

/**
 * A webhook body without the customer's part: every array element that is an object with a direct
 * string field equal to one of their ids is dropped (their `contacts[]` entry, their `messages[]`, the
 * `statuses[]` of our messages to them), wherever in the body it sits. Other people's updates in the
 * same batch stay, so a body not yet filed still files them. Returns null when nothing was dropped.
 */
export function redactBody(body: string, ids: readonly string[]): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null; // not JSON: the phone-number sweep still replaces the number in it
  }
  let dropped = false;
  const belongs = (value: unknown): boolean =>
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).some((field) => typeof field === "string" && ids.includes(field));
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const kept = value.filter((item) => !belongs(item));
      if (kept.length !== value.length) dropped = true;
      return kept.map(walk);
    }
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, walk(field)]));
    }
    return value;
  };
  const redacted = walk(parsed);
  return dropped ? JSON.stringify(redacted) : null;
}

/**
 * An outbox payload without what named the customer. A notice about one of their conversations (a
 * paragraph whose first line starts "#N", N theirs; notices sent together are paragraphs of one message)
 * goes whole: its other lines are their words. Elsewhere a line that holds one of `needles` (their name,
 * username, ids) or starts with "#N ·" (a view's line, where the name may be cut) goes: a view line is
 * where their last words sit beside their name. Each becomes `marker`. Returns null when nothing changed.
 */
export function scrubPayloadLines(
  payload: string,
  needles: readonly string[],
  conversationIds: readonly number[],
  marker: string,
): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  let changed = false;
  const theirs = new Set(conversationIds);
  const aboutThem = (line: string) => {
    const n = /^#(\d+)\b/.exec(line)?.[1];
    return n !== undefined && theirs.has(Number(n));
  };
  const scrubLine = (line: string): string => {
    if (!needles.some((n) => line.includes(n)) && !(aboutThem(line) && line.includes(" · "))) return line;
    changed = true;
    return marker;
  };
  const scrubParagraph = (paragraph: string): string => {
    if (!aboutThem(paragraph)) return paragraph.split("\n").map(scrubLine).join("\n");
    changed = true;
    return marker;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return value.split("\n\n").map(scrubParagraph).join("\n\n");
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, walk(field)]));
    }
    return value;
  };
  const scrubbed = walk(parsed);
  return changed ? JSON.stringify(scrubbed) : null;
}

/** Every text column of every table in the schema, read from drizzle: a column added later is included. */
export function textColumns(): { table: SQLiteTable; column: string }[] {
  const found: { table: SQLiteTable; column: string }[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, SQLiteTable)) continue;
    for (const column of getTableConfig(value).columns) {
      if (column.getSQLType() === "text") found.push({ table: value, column: column.name });
    }
  }
  return found;
}

/**
 * Replaces each of `ids` (with its "+" first, so "+15551234567" goes whole) by `marker` in every text
 * column of every table: the guarantee that no table keeps the number, whatever column holds it (a staff
 * command that typed it, an error text from Meta, a column another change adds). One pass per column,
 * reading every row: the price of a guarantee that does not depend on knowing every column
 * (bench/forget-bench.ts measures it).
 */
export function sweepEveryTextColumn(tx: InboxDb, ids: readonly string[], marker: string): void {
  const byTable = new Map<SQLiteTable, string[]>();
  for (const { table, column } of textColumns()) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  // One statement per table (so a table is read once, however many text columns it has) and per id;
  // 5 parameters a column, so 15 columns stay under a Durable Object's 100 per statement.
  for (const id of ids) {
    for (const [table, columns] of byTable) {
      for (const slice of inSlices(columns, 15)) {
        const sets = slice.map((column) => {
          const col = sql.identifier(column);
          return sql`${col} = replace(replace(${col}, ${`+${id}`}, ${marker}), ${id}, ${marker})`;
        });
        const found = slice.map((column) => sql`instr(${sql.identifier(column)}, ${id}) > 0`);
        tx.run(sql`update ${table} set ${sql.join(sets, sql`, `)} where ${sql.join(found, sql` or `)}`);
      }
    }
  }
}

/** `items` in slices a statement can bind (a Durable Object allows 100 parameters a statement). */
export function inSlices<T>(items: readonly T[], size = 90): T[][] {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}
