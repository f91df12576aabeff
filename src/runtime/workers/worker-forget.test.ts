// /forget and RAW_RETENTION_DAYS inside a Durable Object in workerd (Miniflare, offline): the same
// handlers on the object's SQLite, read back from its file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../../test/kit/fixtures.js";
import { eventually, startWorkerRuntime, type WorkerRuntime } from "../../../test/kit/miniflare.js";

const A = TEST_PHONE_NUMBER_ID;
const ADA = "15550000001";
const CUSTOMER = "15557770001";
const NAME = "Wilhelmina Forgetme";
const SECRET = "my locker code is ALBATROSS-77";

let worker: WorkerRuntime;
let seq = 0;

beforeAll(async () => {
  // 0 days: a processed body goes at the next alarm, so retention is seen working in the object too.
  worker = await startWorkerRuntime({ numbers: [A], vars: { RAW_RETENTION_DAYS: "0" } });
}, 60_000);

afterAll(async () => {
  await worker?.dispose();
});

async function write(from: string, text: string, name?: string): Promise<void> {
  seq += 1;
  const body = makeTextWebhook({
    from,
    id: `wamid.F.${seq}`,
    text,
    timestamp: Math.floor(Date.now() / 1000),
    phoneNumberId: A,
    ...(name === undefined ? {} : { name }),
  });
  expect((await worker.post(body)).status).toBe(200);
}

/** The bot's next message to Ada that starts with `prefix`. */
async function answer(prefix: string): Promise<string> {
  const call = await eventually(
    () => worker.graphCalls.find((c) => c.to.replace(/^\+/, "") === ADA && c.text?.startsWith(prefix)),
    `an answer to Ada starting "${prefix}"`,
  );
  return call.text ?? "";
}

/** Every (table.column) of the object's database whose text holds `needle`. */
function occurrences(needle: string): string[] {
  const tables = worker.query<{ name: string }>(
    A,
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
  );
  const found: string[] = [];
  for (const { name } of tables) {
    for (const { name: column } of worker.query<{ name: string }>(
      A,
      "select name from pragma_table_info(?)",
      name,
    )) {
      const hits = worker.query(
        A,
        `select 1 from "${name}" where instr(cast("${column}" as text), ?) > 0`,
        needle,
      );
      if (hits.length > 0) found.push(`${name}.${column}`);
    }
  }
  return found;
}

describe("forgetting and retention in a Durable Object", () => {
  it("deletes processed raw bodies past RAW_RETENTION_DAYS in the alarm; the filed message stays", async () => {
    await write(CUSTOMER, SECRET, NAME);
    await eventually(
      () =>
        worker.query(A, "select 1 from messages where text = ?", SECRET).length === 1 ? true : undefined,
      "the message to be filed",
    );
    await eventually(
      () => (worker.query(A, "select 1 from raw_events").length === 0 ? true : undefined),
      "the processed body to be deleted",
    );
  });

  it("/forget +phone, then confirm: the same handlers on the object's SQLite", async () => {
    await write(ADA, `/forget +${CUSTOMER}`);
    expect(await answer("Forget ")).toContain(`Forget ${NAME} · +${CUSTOMER}?`);
    for (const needle of [NAME, "ALBATROSS", CUSTOMER]) expect(occurrences(needle), needle).not.toEqual([]);

    await write(ADA, `/forget +${CUSTOMER} confirm`);
    expect(await answer("Forgotten.")).toContain('The customer now reads as "forgotten" in #1.');
    for (const needle of [NAME, "ALBATROSS", CUSTOMER]) expect(occurrences(needle), needle).toEqual([]);

    await write(ADA, "/show #1");
    expect(await answer("#1 · ")).toMatch(/^#1 · forgotten\n/);
  });
});
