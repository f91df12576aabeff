// Opens (or creates) one business number's database file on Node, with the durability settings
// that invariant 1 needs, and applies migrations/.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { InboxDb } from "./db.js";
import * as schema from "./schema.js";

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

export type OpenedDb = { db: InboxDb; sqlite: Database.Database; close: () => void };

export function databasePath(dataDir: string, phoneNumberId: string): string {
  return join(dataDir, `inbox-${phoneNumberId.replace(/[^0-9A-Za-z_-]/g, "_")}.db`);
}

/** `file` = ":memory:" for tests. */
export function openNodeDatabase(file: string): OpenedDb {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: 5000 });
  sqlite.pragma("journal_mode = WAL");
  // Invariant 1: the 200 to Meta follows a commit that reached the disk. better-sqlite3 defaults WAL
  // databases to NORMAL, which can roll back acknowledged events on power loss, so force FULL.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite, close: () => sqlite.close() };
}
