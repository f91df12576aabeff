// Migrations that fill a new column from the rows already there: a database is brought up to the
// migration before, given rows as the older code wrote them, then migrated the rest of the way.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** migrations/ as it stood before `tag`: the same files, the journal cut just before it. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), "migrations-"));
  folders.push(folder);
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/** A database at the migration before `tag`, `rows` run against it, then migrated to the end. */
function migrateAcross(tag: string, rows: string): Database.Database {
  const sqlite = new Database(":memory:");
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: migrationsBefore(tag) });
  sqlite.exec(rows);
  migrate(db, { migrationsFolder: MIGRATIONS });
  return sqlite;
}

describe("0005_awaiting_reply_since", () => {
  it("finds who was waiting in the conversations already there", () => {
    const sqlite = migrateAcross(
      "0005_awaiting_reply_since",
      `
      INSERT INTO staff (id, handle, role, created_at) VALUES (1, 'maria', 'agent', 0);
      INSERT INTO contacts (id, wa_id, created_at, updated_at) VALUES (1, '1', 0, 0), (2, '2', 0, 0),
        (3, '3', 0, 0), (4, '4', 0, 0), (5, '5', 0, 0);
      INSERT INTO conversations (id, contact_id, status, last_activity_at, created_at) VALUES
        (1, 1, 'open', 900, 0), (2, 2, 'open', 900, 0), (3, 3, 'open', 900, 0), (4, 4, 'closed', 900, 0),
        (5, 5, 'open', 900, 0);
      INSERT INTO messages (conversation_id, direction, dedup_key, staff_id, type, timestamp, created_at) VALUES
        -- #1: two unanswered messages, the first at 100 (a reaction before them is not writing).
        (1, 'in', 'r', NULL, 'reaction', 50, 50),
        (1, 'in', 'a', NULL, 'text', 100, 100),
        (1, 'in', 'b', NULL, 'image', 200, 200),
        -- #2: answered by staff, then the customer wrote again at 400.
        (2, 'in', 'c', NULL, 'text', 100, 100),
        (2, 'out', 'out:1', 1, 'text', 300, 300),
        (2, 'in', 'd', NULL, 'text', 400, 400),
        -- #3: answered, nothing since.
        (3, 'in', 'e', NULL, 'text', 100, 100),
        (3, 'out', 'out:2', 1, 'text', 300, 300),
        -- #4: closed unanswered; #5 closed unanswered at 150, then the customer reopened it at 500.
        (4, 'in', 'f', NULL, 'text', 100, 100),
        (5, 'in', 'g', NULL, 'text', 100, 100),
        (5, 'in', 'h', NULL, 'text', 500, 500);
      INSERT INTO conversation_events (conversation_id, action, at) VALUES (4, 'closed', 150), (5, 'closed', 150);
      `,
    );
    const rows = sqlite
      .prepare("SELECT id, awaiting_reply_since AS since FROM conversations ORDER BY id")
      .all();
    expect(rows).toEqual([
      { id: 1, since: 100 },
      { id: 2, since: 400 },
      { id: 3, since: null },
      { id: 4, since: null },
      { id: 5, since: 500 },
    ]);
    sqlite.close();
  });
});
