// The database type the Inbox is written against. Both better-sqlite3 (Node) and the Durable Object
// SQLite driver are synchronous drizzle databases of this shape, so the Inbox runs unchanged on both.
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema.js";

export type InboxDb = BaseSQLiteDatabase<"sync", unknown, typeof schema>;
