// A Worker whose only object runs driver-checks.ts on its own SQLite storage, after the same migrations
// the inbox object applies. Bundled and run by the worker tests.
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import type { DurableObjectState, WorkerEnv } from "../../src/runtime/workers/worker-env.js";
import { workerMigrations } from "../../src/runtime/workers/worker-migrations.js";
import * as schema from "../../src/store/schema.js";
import { runDriverChecks } from "./driver-checks.js";

export class DriverProbe {
  constructor(private readonly ctx: DurableObjectState) {}

  async fetch(): Promise<Response> {
    const db = drizzle(this.ctx.storage, { schema });
    await migrate(db, workerMigrations);
    return Response.json(runDriverChecks(db));
  }
}

export default {
  fetch(_request: Request, env: WorkerEnv): Promise<Response> {
    return env.INBOX.get(env.INBOX.idFromName("probe")).fetch("https://probe/");
  },
};
