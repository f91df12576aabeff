// SPEC §13 on Cloudflare: a follow-up fires through the Durable Object's alarm, in workerd (Miniflare).
// workerd's clock is the real one, so this waits the shortest follow_up there is (1 minute) and a little.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../../test/kit/fixtures.js";
import { eventually, startWorkerRuntime, type WorkerRuntime } from "../../../test/kit/miniflare.js";

const A = TEST_PHONE_NUMBER_ID;
const ADA = "15550000001";
const MARIA = "15550000003";
const SHEENA = "15557770001";

let worker: WorkerRuntime;
let seq = 0;

async function write(from: string, text: string, name?: string): Promise<void> {
  seq += 1;
  const body = makeTextWebhook({
    from,
    id: `wamid.WA.${seq}`,
    text,
    timestamp: Math.floor(Date.now() / 1000),
    phoneNumberId: A,
    ...(name === undefined ? {} : { name }),
  });
  expect((await worker.post(body)).status).toBe(200);
}

/** Waits for the bot's next message to `to` that contains `part`. */
function toldAt(to: string, part: string, timeoutMs = 15_000) {
  return eventually(
    () => worker.graphCalls.find((c) => c.to.replace(/^\+/, "") === to && (c.text ?? "").includes(part)),
    `a message to ${to} with "${part}"`,
    timeoutMs,
  );
}

beforeAll(async () => {
  worker = await startWorkerRuntime({ numbers: [A] });
}, 60_000);

afterAll(async () => {
  await worker?.dispose();
});

describe("the inbox runs itself in a Durable Object", () => {
  it("reminds the owner through the object's alarm when follow_up has passed", {
    timeout: 180_000,
  }, async () => {
    await write(ADA, "/staff add +15550000003 maria agent");
    await toldAt(ADA, "@maria");
    await write(ADA, "/set follow_up 1m");
    await toldAt(ADA, "follow_up is now 1m");
    await write(MARIA, "/whoami");
    await toldAt(MARIA, "@maria");
    await write(SHEENA, "Where is my order?", "Sheena");
    await write(MARIA, "/assign me #1");
    await toldAt(MARIA, "#1 assigned to you");
    const timer = worker.query<{ due_at: number }>(A, "select due_at from timers where kind = 'follow_up'");
    expect(timer).toHaveLength(1);
    // Nothing else is due: only the follow-up's alarm can bring the reminder.
    const call = await toldAt(MARIA, "has waited", 120_000);
    expect(call.text).toMatch(/^#1 · Sheena has waited 1m for an answer · reply, or \/unassign #1$/);
    expect(worker.query<{ stage: number }>(A, "select stage from timers where kind = 'follow_up'")).toEqual([
      { stage: 1 },
    ]);
  });
});
