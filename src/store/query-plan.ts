// For tests that hold a query to its index: the SQL a piece of code prepares, and SQLite's plan for it.
// The outbox and the conversations keep every row ever written, so a query that slips off its index
// grows with history; these helpers let a test say which index it must use.
import type Database from "better-sqlite3";

/** The SQL of every statement `run` prepares on the connection (drizzle prepares each query it runs). */
export function captureStatements<T>(
  sqlite: Database.Database,
  run: () => T,
): { result: T; statements: string[] } {
  const statements: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    statements.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  try {
    return { result: run(), statements };
  } finally {
    sqlite.prepare = prepare;
  }
}

/** SQLite's query plan for a statement, its placeholders filled with 0, as one line. */
export function planOf(sqlite: Database.Database, statement: string): string {
  const placeholders = statement.split("?").length - 1;
  const plan = sqlite
    .prepare(`explain query plan ${statement}`)
    .all(...Array.from({ length: placeholders }, () => 0)) as { detail: string }[];
  return plan.map((p) => p.detail).join(" | ");
}
