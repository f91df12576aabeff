// Prepared drizzle queries, made once per database connection and usable from any transaction on it.
// drizzle rebuilds a query's SQL on every call, which costs more than running it and was most of the
// time spent filing a message (docs/performance.md). Transactions and savepoints share their
// database's session, so the session is the cache key: code that only holds `tx` still gets the
// prepared statement, and it runs inside that transaction.
import type { InboxDb } from "./db.js";

const bySession = new WeakMap<object, Map<string, unknown>>();

function sessionOf(db: InboxDb): object {
  // `session` is drizzle's (internal) link from a database or transaction to its connection.
  const session = (db as unknown as { session?: object }).session;
  if (!session) throw new Error("drizzle database without a session");
  return session;
}

/** The query `build` makes, prepared on first use for this connection. `key` must name one query. */
export function prepared<T>(db: InboxDb, key: string, build: (db: InboxDb) => T): T {
  const session = sessionOf(db);
  let cache = bySession.get(session);
  if (!cache) {
    cache = new Map();
    bySession.set(session, cache);
  }
  let query = cache.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    cache.set(key, query);
  }
  return query;
}
