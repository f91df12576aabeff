// The Worker and its Durable Objects in the real local Workers runtime (workerd via Miniflare, offline):
// signed webhooks in, each number's object database inspected from its file, Graph API faked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDriverChecks } from "../../../test/kit/driver-checks.js";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../../test/kit/fixtures.js";
import {
  eventually,
  runDriverChecksInWorkerd,
  startWorkerRuntime,
  WORKER_SECRET,
  type WorkerRuntime,
} from "../../../test/kit/miniflare.js";
import { openNodeDatabase } from "../../store/open-node.js";

const A = TEST_PHONE_NUMBER_ID;
const B = "106540352242923";
const UNSERVED = "106540352242999";
const ADA = "15550000001";

type Count = { n: number };

let worker: WorkerRuntime;
let seq = 0;

function textFrom(from: string, text: string, phoneNumberId = A) {
  seq += 1;
  return makeTextWebhook({
    from,
    id: `wamid.W.${seq}`,
    text,
    name: `Customer ${from}`,
    timestamp: Math.floor(Date.now() / 1000),
    phoneNumberId,
  });
}

function count(number: string, sql: string, ...params: unknown[]): number {
  return worker.query<Count>(number, `select count(*) as n from ${sql}`, ...params)[0]?.n ?? 0;
}

function answerToAda(text: string | null): boolean {
  if (text === null) return false;
  return text.includes("@ada") && !text.startsWith("While you were away");
}

/** Waits until the object has filed every stored body (its alarm ran). */
async function filed(number: string): Promise<void> {
  await eventually(
    () => (count(number, "raw_events where state != 'done'") === 0 ? true : undefined),
    `number ${number} to process its events`,
  );
}

beforeAll(async () => {
  worker = await startWorkerRuntime({ numbers: [A, B] });
}, 60_000);

afterAll(async () => {
  await worker?.dispose();
});

describe("Worker + Durable Objects in workerd", () => {
  it("stores a signed webhook in the number's object before answering 200, then files it", async () => {
    const body = textFrom("15551110001", "Hello, is my order ready?");
    const response = await worker.post(body);
    expect(response.status).toBe(200);
    // Stored before the 200: the row is in the object's database the moment the Worker answered.
    expect(count(A, "raw_events")).toBe(1);

    await filed(A);
    const wamid = body.entry[0]?.changes[0]?.value.messages[0]?.id;
    expect(count(A, "messages where wamid = ?", wamid)).toBe(1);
    expect(count(A, "conversations where status = 'open'")).toBe(1);
    expect(count(B, "raw_events")).toBe(0);
  });

  it("a redelivered body, or the same message in another body, changes nothing", async () => {
    const body = textFrom("15551110002", "Second customer");
    expect((await worker.post(body)).status).toBe(200);
    await filed(A);
    const tables = ["raw_events", "messages", "conversations", "contacts", "outbox"];
    const before = tables.map((t) => count(A, t));

    expect((await worker.post(body)).status).toBe(200); // byte-identical: recognised by its hash
    await filed(A);
    expect(tables.map((t) => count(A, t))).toEqual(before);

    // Same wamid in different bytes: a second raw body, but the message is filed once.
    expect((await worker.post({ ...body, redelivered: true })).status).toBe(200);
    await filed(A);
    expect(tables.map((t) => count(A, t))).toEqual([(before[0] ?? 0) + 1, ...before.slice(1)]);
  });

  it("runs a staff command and sends its answer through the object's alarm to the Graph API", async () => {
    const sentBefore = worker.graphCalls.length;
    expect((await worker.post(textFrom(ADA, "/whoami"))).status).toBe(200);

    // Ada's first message also releases the notices held while her window was closed (two new
    // conversations above); the answer is the message about her.
    const call = await eventually(
      () => worker.graphCalls.slice(sentBefore).find((c) => answerToAda(c.text)),
      "the answer to /whoami",
    );
    expect(call.to.replace(/^\+/, "")).toBe(ADA);
    expect(call.phoneNumberId).toBe(A);
    expect(call.authorization).toBe("Bearer worker-token");
    await eventually(
      () => (count(A, "outbox where status = 'sent' and wamid like 'wamid.WORKER.%'") > 0 ? true : undefined),
      "the send to be recorded",
    );
  });

  it("keeps two business numbers apart, also when one POST carries both", async () => {
    const toB = textFrom("15551110003", "Writing to the second number", B);
    expect((await worker.post(toB)).status).toBe(200);
    await filed(B);
    expect(count(B, "contacts where wa_id = '15551110003'")).toBe(1);
    expect(count(A, "contacts where wa_id = '15551110003'")).toBe(0);

    // One body, two numbers: each object stores only its own change.
    const forA = textFrom("15551110004", "Batched for A", A);
    const forB = textFrom("15551110005", "Batched for B", B);
    const entryA = forA.entry[0];
    const entryB = forB.entry[0];
    if (!entryA || !entryB) throw new Error("fixture without an entry");
    const batch = { ...forA, entry: [{ ...entryA, changes: [...entryA.changes, ...entryB.changes] }] };
    expect((await worker.post(batch)).status).toBe(200);
    await filed(A);
    await filed(B);
    expect(count(A, "contacts where wa_id = '15551110004'")).toBe(1);
    expect(count(A, "contacts where wa_id = '15551110005'")).toBe(0);
    expect(count(B, "contacts where wa_id = '15551110005'")).toBe(1);
    expect(count(B, "contacts where wa_id = '15551110004'")).toBe(0);

    // Each number answers from itself.
    const sentBefore = worker.graphCalls.length;
    expect((await worker.post(textFrom(ADA, "/whoami", B))).status).toBe(200);
    const call = await eventually(
      () => worker.graphCalls.slice(sentBefore).find((c) => answerToAda(c.text)),
      "the answer from B",
    );
    expect(call.phoneNumberId).toBe(B);
  });

  it("stores an update for a number it does not serve with the primary number, never processing it", async () => {
    const rawBefore = count(A, "raw_events");
    expect((await worker.post(textFrom("15551110006", "Wrong number", UNSERVED))).status).toBe(200);
    expect(count(A, "raw_events")).toBe(rawBefore + 1);
    await filed(A);
    expect(count(A, "contacts where wa_id = '15551110006'")).toBe(0);
    expect(count(B, "contacts where wa_id = '15551110006'")).toBe(0);
  });

  it("releases more held notices than SQLite's 100 bound parameters in one summary", async () => {
    // 120 new conversations in one POST, each a notice held for Carl (his window never opened); then
    // Carl writes. On the object's SQLite a statement takes at most 100 parameters.
    const carl = "15550000002";
    const bodies = Array.from({ length: 120 }, (_, i) =>
      textFrom(`1555222${String(i).padStart(4, "0")}`, "hi", B),
    );
    const value = (b: (typeof bodies)[number]) => b.entry[0]?.changes[0]?.value;
    const first = bodies[0];
    const firstValue = first && value(first);
    if (!first || !firstValue) throw new Error("fixture without a value");
    const many = {
      ...first,
      entry: [
        {
          ...first.entry[0],
          changes: [
            {
              field: "messages",
              value: {
                ...firstValue,
                contacts: bodies.flatMap((b) => value(b)?.contacts ?? []),
                messages: bodies.flatMap((b) => value(b)?.messages ?? []),
              },
            },
          ],
        },
      ],
    };
    const adminOnly = await startWorkerRuntime({ numbers: [B], vars: { INBOX_ADMINS: `carl:+${carl}` } });
    try {
      expect((await adminOnly.post(many)).status).toBe(200);
      await eventually(
        () =>
          adminOnly.query<Count>(B, "select count(*) as n from outbox where status = 'held'")[0]?.n === 120
            ? true
            : undefined,
        "120 held notices",
      );
      expect((await adminOnly.post(textFrom(carl, "/whoami", B))).status).toBe(200);
      const summary = await eventually(
        () => adminOnly.graphCalls.find((c) => c.text?.startsWith("While you were away (120)")),
        "the summary of 120 held notices",
      );
      expect(summary.to.replace(/^\+/, "")).toBe(carl);
      expect(adminOnly.query<Count>(B, "select count(*) as n from outbox where status = 'held'")[0]?.n).toBe(
        0,
      );
    } finally {
      await adminOnly.dispose();
    }
  }, 30_000);

  it("stores a body over the object's 2 MB value limit in parts, and files every message", async () => {
    const senders = Array.from({ length: 300 }, (_, i) => `1555333${String(i).padStart(4, "0")}`);
    const first = textFrom(senders[0] ?? "", "x");
    const value = first.entry[0]?.changes[0]?.value;
    if (!value) throw new Error("fixture without a value");
    const big = {
      ...first,
      entry: [
        {
          ...first.entry[0],
          changes: [
            {
              field: "messages",
              value: {
                ...value,
                contacts: senders.map((wa_id) => ({ profile: { name: `Big ${wa_id}` }, wa_id })),
                messages: senders.map((from, i) => ({
                  from,
                  id: `wamid.BIG.${i}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: `${i} `.repeat(2000).slice(0, 8000) },
                })),
              },
            },
          ],
        },
      ],
    };
    expect(JSON.stringify(big).length).toBeGreaterThan(2_100_000);
    const rawBefore = count(A, "raw_events");
    expect((await worker.post(big)).status).toBe(200);
    expect(count(A, "raw_events")).toBeGreaterThanOrEqual(rawBefore + 3);
    await filed(A);
    expect(count(A, "messages where wamid like 'wamid.BIG.%'")).toBe(300);
    expect(count(A, "contacts where name like 'Big %'")).toBe(300);
  }, 30_000);

  it("refuses a bad or missing signature in the Worker, storing nothing", async () => {
    const before = [count(A, "raw_events"), count(B, "raw_events")];
    const body = textFrom("15551110007", "Forged");
    expect((await worker.post(body, `sha256=${"0".repeat(64)}`)).status).toBe(401);
    expect((await worker.post(body, null)).status).toBe(401);
    expect((await worker.post(body, "sha256=not-hex")).status).toBe(401);
    expect([count(A, "raw_events"), count(B, "raw_events")]).toEqual(before);
    // A signed body that is not JSON: 400, also nothing stored.
    expect((await worker.post("not json")).status).toBe(400);
    expect([count(A, "raw_events"), count(B, "raw_events")]).toEqual(before);
    expect(WORKER_SECRET).not.toBe("");
  });

  it("answers Meta's verification and reports every number's health", async () => {
    const ok = await worker.get(
      "/webhook?hub.mode=subscribe&hub.verify_token=worker-verify&hub.challenge=42",
    );
    expect([ok.status, await ok.text()]).toEqual([200, "42"]);
    expect(
      (await worker.get("/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")).status,
    ).toBe(403);

    await filed(A);
    await filed(B);
    const health = await worker.get("/healthz");
    expect(health.status).toBe(200);
    const report = (await health.json()) as {
      ok: boolean;
      eventsPending: number;
      numbers: Record<string, unknown>;
    };
    expect(report).toMatchObject({ ok: true, eventsPending: 0, sending: "ok" });
    expect(Object.keys(report.numbers)).toEqual([A, B]);
  });
});

describe("the shared store code on the Durable Object driver", () => {
  it("behaves as on better-sqlite3: savepoints, returning, prepared statements, the trigger, many rows", async () => {
    const onNode = runDriverChecks(openNodeDatabase(":memory:").db);
    expect(onNode).toEqual({
      teamSize: 120,
      released: 120,
      handles: ["ada", "bob", "dan"],
      team: { name: "sales", idIsNumber: true },
      renamed: [{ name: "support" }],
      sameStatementsInTransaction: true,
      stored: { idIsNumber: true },
      storedAgain: null,
      lastAdminRefused: true,
    });
    expect(await runDriverChecksInWorkerd()).toEqual(onNode);
  }, 30_000);
});
