import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "inbox-ckpt-"));
  dirs.push(dir);
  const file = join(dir, "inbox.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("create table t (x text)");
  return { db, file };
}

/** Frames in the WAL, and how many of them a checkpoint has copied back (without copying any). */
const walState = (db: Database.Database) => {
  const [row] = db.pragma("wal_checkpoint(NOOP)") as Array<{ log: number; checkpointed: number }>;
  return row;
};

describe("the WAL checkpoint thread", () => {
  it("copies the writer's WAL back into the database while the writer never checkpoints", async () => {
    const { db, file } = walDatabase();
    const insert = db.prepare("insert into t values (?)");
    for (let i = 0; i < 200; i++) insert.run("x".repeat(1000));
    expect(walState(db)?.checkpointed ?? 0).toBe(0);
    const errors: string[] = [];
    const checkpointer = startCheckpointer(
      file,
      (e) => errors.push(e),
      () => errors.push("gone"),
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const state = walState(db);
      if (state && state.log > 0 && state.checkpointed === state.log) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const state = walState(db);
    expect(state?.log).toBeGreaterThan(0);
    expect(state?.checkpointed).toBe(state?.log);
    await checkpointer.stop();
    expect(errors).toEqual([]); // a stop is not "gone"
    db.close();
  });
});
