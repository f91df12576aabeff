// Ambiguous 200s from Graph must not lose an answer (issue 18, item 1). A 200 that carries no message id
// (an HTML page, or JSON without messages[0].id) means Meta may or may not have taken the message. It is
// retried like a timeout (at-least-once, reliability §B2); when the retries run out the requester is told
// through the normal failure notice, and a staff message that runs out of retries (a notice, an answer)
// is held for that person's next message rather than dropped.
import { eq } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MESSAGES_URL, setupOutboxTest } from "../../test/kit/outbox.js";
import { outbox } from "../store/schema.js";
import { createDispatcher } from "./dispatcher.js";
import { enqueueToCustomer, enqueueToStaff, releaseHeld } from "./enqueue.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MINUTE = 60_000;

/** The two ambiguous 200s seen from a sick Graph (or a proxy in front of it), taken in turn. */
function ambiguous200(n: number): Response {
  if (n % 2 === 0) return HttpResponse.json({ messaging_product: "whatsapp" });
  return new HttpResponse("<html><body>Service temporarily unavailable</body></html>", {
    status: 200,
    headers: { "content-type": "text/html" },
  });
}

/**
 * A fake Graph that answers ambiguous 200s while `faulty()` holds and a real wamid afterwards, and
 * records what was delivered (a wamid returned) to whom, and when.
 */
function fakeGraph(now: () => number, faulty: () => boolean) {
  const delivered: Array<{ to: string; text: string; at: number }> = [];
  let requests = 0;
  let wamids = 0;
  server.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      const body = (await request.json()) as { to?: string; text?: { body?: string } };
      requests += 1;
      if (faulty()) return ambiguous200(requests);
      wamids += 1;
      delivered.push({ to: body.to ?? "", text: body.text?.body ?? "", at: now() });
      return HttpResponse.json({ messaging_product: "whatsapp", messages: [{ id: `wamid.OK${wamids}` }] });
    }),
  );
  return { delivered, requests: () => requests };
}

function setup(faultMs: number) {
  const t = setupOutboxTest(server);
  const faultEnds = t.t0 + faultMs;
  const graph = fakeGraph(t.clock.now, () => t.clock.now() < faultEnds);
  const dispatcher = createDispatcher({
    db: t.db,
    graph: t.graph,
    clock: t.clock,
    log: t.log,
    random: () => 0.5,
  });
  const reply = (body: string) =>
    t.db.transaction(
      (tx) =>
        enqueueToCustomer(tx, {
          now: t.clock.now(),
          conversationId: t.conversation.id,
          recipient: t.contact.waId ?? "",
          message: { type: "text", text: { body } },
          freeForm: true,
          requestedByStaffId: t.agent.id,
          purpose: "reply",
        }).outboxId,
    );
  /** Runs the dispatcher every `stepMs` of the manual clock until `untilMs` after t0. */
  const runFor = async (untilMs: number, stepMs = 1000) => {
    while (t.clock.now() < t.t0 + untilMs) {
      await dispatcher.runOnce();
      t.clock.advance(stepMs);
    }
  };
  const toCustomer = () => graph.delivered.filter((d) => d.to === "+15550001111");
  const toAgent = () => graph.delivered.filter((d) => d.to === "+15550002222");
  return { ...t, faultEnds, graph, dispatcher, reply, runFor, toCustomer, toAgent };
}

describe("ambiguous 200s from Graph (no message id)", () => {
  it("a /reply and a command answer sent during a minute of them are delivered after it clears", async () => {
    const t = setup(MINUTE);
    const replies = [t.reply("first"), t.reply("second"), t.reply("third")];
    const answers = [1, 2, 3].map((i) => t.enqueueToAgent("answer", `whoami ${i}: @maria`));

    await t.runFor(5 * MINUTE);

    expect(t.graph.requests()).toBeGreaterThan(6); // it really was answered ambiguously, and retried
    expect(t.toCustomer().map((d) => d.text)).toEqual(["first", "second", "third"]);
    expect(t.toAgent().map((d) => d.text)).toEqual([
      "whoami 1: @maria",
      "whoami 2: @maria",
      "whoami 3: @maria",
    ]);
    for (const id of [...replies, ...answers]) expect(t.outboxRow(id)?.status).toBe("sent");
    expect(t.graph.delivered.every((d) => d.at >= t.faultEnds)).toBe(true);
    // Delivered with the next retry after the fault, not left for good; and nobody was told of a failure.
    expect(Math.max(...t.graph.delivered.map((d) => d.at)) - t.faultEnds).toBeLessThan(MINUTE);
    expect(t.toAgent().some((d) => d.text.includes("not delivered"))).toBe(false);
  });

  it("when the fault outlasts the retry budget, the owner is told the reply was not delivered", async () => {
    // The reply's 12 attempts end ≈ 18.5 min in (random 0.5); the fault goes on to 25 min, so the notice
    // itself is first answered ambiguously and has to be retried too.
    const t = setup(25 * MINUTE);
    const id = t.reply("are you still there?");

    await t.runFor(40 * MINUTE, 5_000);

    expect(t.outboxRow(id)).toMatchObject({ status: "failed", attempts: 12 });
    expect(t.toCustomer()).toEqual([]);
    const notices = t.toAgent().map((d) => d.text);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      new RegExp(
        `^#${t.conversation.id} not delivered \\("are you still there\\?"\\) after 12 attempts: .*HTTP 200`,
      ),
    );
  });

  it("a failure notice that runs out of retries too is kept for the owner's next message, and logged", async () => {
    const t = setup(2 * 60 * MINUTE);
    const id = t.reply("hello?");
    await t.runFor(2 * 60 * MINUTE, 5_000);

    expect(t.outboxRow(id)?.status).toBe("failed");
    const notice = t.db.select().from(outbox).where(eq(outbox.staffId, t.agent.id)).get();
    expect(notice).toMatchObject({ status: "held", attempts: 12 });
    expect(
      t.log.lines.some(
        (l) =>
          l.level === "error" &&
          l.msg.includes("held") &&
          JSON.stringify(l.fields).includes(String(notice?.id)),
      ),
    ).toBe(true);

    // The owner writes again (the fault is over): the notice comes with the held summary.
    t.db.transaction((tx) =>
      releaseHeld(tx, { now: t.clock.now(), staffId: t.agent.id, recipient: t.agent.waId ?? "" }),
    );
    await t.runFor(2 * 60 * MINUTE + 10_000);
    expect(t.toAgent().map((d) => d.text)).toEqual([
      expect.stringMatching(
        /^While you were away \(1\):\n\n#\d+ not delivered \("hello\?"\) after 12 attempts/,
      ),
    ]);
  });

  it("a notice that went as the notify template (window closed) is held as the text it carried", async () => {
    const t = setup(2 * 60 * MINUTE);
    const id = t.db.transaction(
      (tx) =>
        enqueueToStaff(tx, {
          now: t.clock.now(),
          staff: { ...t.agent, windowExpiresAt: t.clock.now() - MINUTE },
          text: "#1 assigned to you by @bob",
          conversationId: t.conversation.id,
          purpose: "notify",
          notifyTemplate: "staff_update",
        }).outboxId,
    );
    expect(JSON.parse(t.outboxRow(id)?.payload ?? "{}").type).toBe("template");
    await t.runFor(60 * MINUTE, 5_000);
    const row = t.outboxRow(id);
    expect(row?.status).toBe("held");
    expect(JSON.parse(row?.payload ?? "{}")).toMatchObject({
      type: "text",
      text: { body: "staff_update: #1 assigned to you by @bob" },
    });
  });

  it("a command answer that runs out of retries is kept for the staff member's next message, and logged", async () => {
    const t = setup(2 * 60 * MINUTE);
    const answer = t.enqueueToAgent("answer", "whoami: @maria");
    await t.runFor(60 * MINUTE, 5_000);
    expect(t.outboxRow(answer)).toMatchObject({ status: "held", attempts: 12 });
    expect(
      t.log.lines.some((l) => l.level === "error" && JSON.stringify(l.fields).includes(String(answer))),
    ).toBe(true);
  });
});
