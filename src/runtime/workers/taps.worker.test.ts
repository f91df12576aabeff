// One tap in the Durable Object (SPEC §12), in the real local Workers runtime (workerd via Miniflare):
// a new-conversation notice goes out with reply buttons, the admin taps `Take #1`, and the object runs
// /assign me #1 as if typed, answers, and marks the customer's message read with the typing indicator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMessageWebhook, makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../../test/kit/fixtures.js";
import { eventually, startWorkerRuntime, type WorkerRuntime } from "../../../test/kit/miniflare.js";

const A = TEST_PHONE_NUMBER_ID;
const ADA = "15550000001";
const CUSTOMER = "15551119999";

let worker: WorkerRuntime;

beforeAll(async () => {
  worker = await startWorkerRuntime({ numbers: [A] });
}, 60_000);

afterAll(async () => {
  await worker?.dispose();
});

const now = () => Math.floor(Date.now() / 1000);
const toAda = () => worker.graphCalls.filter((c) => c.to.replace(/^\+/, "") === ADA);

describe("a tap in workerd", () => {
  it("Take #1 on a notice assigns #1 as /assign me #1 would, and the customer sees it read", async () => {
    await worker.post(makeTextWebhook({ from: ADA, id: "wamid.T.1", text: "/whoami", timestamp: now() }));
    await eventually(() => (toAda().length > 0 ? true : undefined), "the answer to /whoami");
    const hello = "wamid.T.2";
    await worker.post(
      makeTextWebhook({ from: CUSTOMER, id: hello, text: "Hello", name: "Sheena", timestamp: now() }),
    );
    const notice = await eventually(
      () => toAda().find((c) => c.body.type === "interactive"),
      "the new-conversation notice with buttons",
    );
    const interactive = notice.body.interactive as {
      type: string;
      action: { buttons: Array<{ reply: { id: string; title: string } }> };
    };
    expect(interactive.type).toBe("button");
    expect(interactive.action.buttons.map((b) => b.reply)).toEqual([
      { id: "cmd:/assign me #1", title: "Take #1" },
      { id: "cmd:/show #1", title: "Show #1" },
    ]);
    // Meta's webhook never echoes our stored fallback: it is not sent.
    expect("fallback" in notice.body).toBe(false);

    const before = toAda().length;
    const reply = { id: "cmd:/assign me #1", title: "Take #1" };
    await worker.post(
      makeMessageWebhook({
        from: ADA,
        id: "wamid.T.3",
        timestamp: now(),
        fields: { type: "interactive", interactive: { type: "button_reply", button_reply: reply } },
        quotedId: "wamid.WORKER.any",
      }),
    );
    const answer = await eventually(
      () =>
        toAda()
          .slice(before)
          .find((c) => c.text?.startsWith("#1 assigned to you")),
      "the answer to the tap",
    );
    expect(answer.text).toContain("window open");
    const owner = worker.query<{ handle: string }>(
      A,
      "select s.handle from conversations c join staff s on s.id = c.assignee_id where c.id = 1",
    );
    expect(owner).toEqual([{ handle: "ada" }]);
    const read = await eventually(
      () => worker.graphCalls.find((c) => c.body.status === "read"),
      "the customer's message marked read",
    );
    expect(read.body).toMatchObject({ message_id: hello, typing_indicator: { type: "text" } });
  });
});
