// Two speed-ups lean on how drizzle works inside, not on its public API. Each assumption is pinned here,
// so a drizzle or better-sqlite3 upgrade that breaks one fails this file instead of silently making
// filing slow or, worse, running a prepared query outside its transaction.
import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenedDb, openNodeDatabase } from "./open-node.js";
import { prepared } from "./prepared.js";
import { teams } from "./schema.js";

let opened: OpenedDb;
beforeEach(() => {
  opened = openNodeDatabase(":memory:");
});
afterEach(() => opened.close());

const countTeams = (db: OpenedDb["db"]) =>
  prepared(db, "test.count-teams", (d) => d.select({ n: count() }).from(teams).prepare());

describe("prepared(): drizzle's internal `session` links a transaction to its database", () => {
  it("a database and each of its transactions expose the same session object", () => {
    const own = (opened.db as unknown as { session?: object }).session;
    expect(own).toBeTypeOf("object");
    opened.db.transaction((tx) => {
      expect((tx as unknown as { session?: object }).session).toBe(own);
    });
  });

  it("a query prepared on the database is reused inside a transaction, and runs inside it", () => {
    const first = countTeams(opened.db);
    expect(first.get()?.n).toBe(0);
    expect(() =>
      opened.db.transaction((tx) => {
        expect(countTeams(tx)).toBe(first); // built once per connection
        tx.insert(teams).values({ name: "sales", createdAt: 1 }).run();
        // It sees the transaction's own uncommitted row: it runs on the same connection, in it.
        expect(countTeams(tx).get()?.n).toBe(1);
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(countTeams(opened.db).get()?.n).toBe(0);
  });

  it("another connection gets its own prepared query", () => {
    const other = openNodeDatabase(":memory:");
    try {
      expect(countTeams(other.db)).not.toBe(countTeams(opened.db));
    } finally {
      other.close();
    }
  });
});

describe("the statement cache: drizzle compiles through sqlite.prepare, and sets raw mode itself", () => {
  it("drizzle's queries reach better-sqlite3's prepare (so the cache sees them), once per SQL text", () => {
    const seen: string[] = [];
    const cachedPrepare = opened.sqlite.prepare;
    opened.sqlite.prepare = ((source: string) => {
      seen.push(source);
      return cachedPrepare(source);
    }) as typeof opened.sqlite.prepare;
    opened.db.select().from(teams).where(eq(teams.name, "a")).all();
    opened.db.select().from(teams).where(eq(teams.name, "b")).all();
    expect(seen.length).toBe(2);
    expect(seen[0]).toBe(seen[1]); // same text, different parameters: one cached statement serves both
  });

  it("a statement drizzle left in raw (array) mode answers objects to the next object query", () => {
    opened.db.insert(teams).values({ name: "sales", createdAt: 1 }).run();
    // drizzle maps partial selects itself, from arrays (raw mode) …
    const partial = opened.db.select({ name: teams.name }).from(teams).all();
    expect(partial).toEqual([{ name: "sales" }]);
    // … and the same SQL text through better-sqlite3 directly must come back as objects.
    const source = opened.db.select({ name: teams.name }).from(teams).toSQL().sql;
    expect(opened.sqlite.prepare(source).get()).toEqual({ name: "sales" });
  });
});
