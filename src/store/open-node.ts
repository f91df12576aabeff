// Opens (or creates) one business number's database file on Node, with the durability settings
// that invariant 1 needs, and applies migrations/.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { InboxDb } from "./db.js";
import * as schema from "./schema.js";

/**
 * The repository's migrations/, found upwards from this file: src/store/ when run from TypeScript,
 * dist/ when built (the bundle is one level down, not two).
 */
function findMigrations(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("migrations/ not found above the bot's files");
    dir = parent;
  }
}

const MIGRATIONS = findMigrations();

export type OpenedDb = { db: InboxDb; sqlite: Database.Database; close: () => void };

export function databasePath(dataDir: string, phoneNumberId: string): string {
  return join(dataDir, `inbox-${fileSafe(phoneNumberId)}.db`);
}

/** The Node entry's receipt journal for the number (src/runtime/journal.ts), beside its database. */
export function journalPath(dataDir: string, phoneNumberId: string): string {
  return join(dataDir, `journal-${fileSafe(phoneNumberId)}.db`);
}

const fileSafe = (phoneNumberId: string) => phoneNumberId.replace(/[^0-9A-Za-z_-]/g, "_");

/** `file` = ":memory:" for tests. */
export function openNodeDatabase(file: string): OpenedDb {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: 5000 });
  sqlite.pragma("journal_mode = WAL");
  // Invariant 1: the 200 to Meta follows a commit that reached the disk. better-sqlite3 defaults WAL
  // databases to NORMAL, which can roll back acknowledged events on power loss, so force FULL.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // /forget and RAW_RETENTION_DAYS erase data; without this SQLite leaves the erased bytes in the
  // file's free space (forget-file.test.ts finds them). FAST is not enough there; ON costs nothing
  // measurable in bench/mixed-bench.ts (2026-12-05: 759 and 511 events/s with it, 510 and 489 without).
  sqlite.pragma("secure_delete = ON");
  // 32 MiB of page cache instead of SQLite's 2 MB: on a million conversations the views otherwise pay a
  // system call per uncached page (measured in bench/views-bench.ts).
  sqlite.pragma("cache_size = -32768");
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * drizzle asks better-sqlite3 to compile every query anew, and compiling was a large share of filing a
 * message (docs/performance.md). SQLite statements are reusable, so keep each compiled one by its SQL
 * text. drizzle switches a statement to raw (array) mode for the queries it maps itself, so the cache
 * hands each one back in the default mode and drizzle sets what it needs.
 */
function cacheStatements(sqlite: Database.Database, max = 500): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    let statement = cache.get(source);
    if (!statement) {
      statement = compile(source);
      if (cache.size >= max) cache.clear();
      cache.set(source, statement);
    } else if (statement.reader) {
      statement.raw(false);
    }
    return statement;
  };
  sqlite.prepare = cached as typeof sqlite.prepare;
}
