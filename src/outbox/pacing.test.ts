// Pacing at scale: a busy staff member can have thousands of notices waiting for the pair limit. A token
// must carry as many of them as fit in one message, and a recipient without a token must be put off in
// one statement, not one per row (before this, the soak's queue grew every minute).
import { eq } from "drizzle-orm";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupOutboxTest } from "../../test/kit/outbox.js";
import { outbox } from "../store/schema.js";
import { MAX_DEBT, PAIR_INTERVAL_MS } from "./backoff.js";
import { BEHIND_AFTER_MS } from "./coalesce.js";
import { createDispatcher } from "./dispatcher.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(batchSize: number) {
  const t = setupOutboxTest(server);
  const dispatcher = createDispatcher({ db: t.db, graph: t.graph, clock: t.clock, log: t.log, batchSize });
  const enqueue = t.enqueueToAgent;
  const pending = () => t.db.select().from(outbox).where(eq(outbox.status, "pending")).all();
  return { ...t, dispatcher, enqueue, pending };
}

describe("pacing a busy recipient", () => {
  it("one token carries every notice that fits, not only those in the run's list of due rows", async () => {
    const t = setup(3);
    for (let i = 1; i <= 30; i++) t.enqueue("notify", `#${i} new`);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 20, deferred: 0 });
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 10, deferred: 0 });
    expect(t.seen).toHaveLength(2);
    expect(t.sentText(0).split("\n\n")).toEqual(Array.from({ length: 20 }, (_, i) => `#${i + 1} new`));
    expect(t.sentText(1).split("\n\n")).toEqual(Array.from({ length: 10 }, (_, i) => `#${i + 21} new`));
  });

  it("a recipient without a token has all its waiting rows put off to the next token at once; answers still go", async () => {
    const t = setup(50);
    for (let i = 0; i < 5; i++) t.enqueue("answer", `answer ${i}`);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 5 });
    const answer = t.enqueue("answer", "whoami: @maria");
    // Forwards never coalesce: each needs a token of its own. There are more than one run's 50 rows.
    for (let i = 0; i < 120; i++) t.enqueue("forward", `#1 Ann: message ${i}`);
    expect(await t.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 120 });
    expect(t.outboxRow(answer)?.status).toBe("sent");
    const waiting = t.pending();
    expect(waiting).toHaveLength(120);
    // Five answers used the burst and the sixth went into debt: the next token is two intervals away.
    const tokenAt = t.clock.now() + 2 * PAIR_INTERVAL_MS;
    expect(new Set(waiting.map((r) => r.nextAttemptAt))).toEqual(new Set([tokenAt]));
    expect(waiting.every((r) => r.attempts === 0)).toBe(true);
    // Nothing is due before then: a run in between touches nothing.
    t.clock.advance(PAIR_INTERVAL_MS);
    expect(await t.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    t.clock.advance(PAIR_INTERVAL_MS);
    // Twelve seconds is ordinary pacing: forwards still go one per token.
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 1, deferred: 119 });
  });

  it("once a person is behind, forwards join the message too, and what does not fit is folded into one line", async () => {
    const t = setup(50);
    for (let i = 0; i < 6; i++) t.enqueue("answer", `answer ${i}`);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 6 });
    const forwards = [
      t.enqueue("forward", "#1 Ann: where is my order?"),
      t.enqueue("forward", "#2 Bo: hello"),
    ];
    for (let i = 3; i <= 102; i++) t.enqueue("notify", `#${i} new`);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 0, deferred: 102 });
    // A minute later (the tokens meanwhile went to its answers) the person counts as behind.
    t.clock.advance(BEHIND_AFTER_MS);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 20, deferred: 0 });
    expect(t.seen).toHaveLength(7);
    const lines = t.sentText(6).split("\n\n");
    expect(lines.slice(0, 3)).toEqual(["#1 Ann: where is my order?", "#2 Bo: hello", "#3 new"]);
    expect(lines).toHaveLength(20);
    expect(lines[19]).toMatch(/^…and 83 more updates, held back by WhatsApp's limit/);
    // Everything is accounted for: nothing left waiting, the folded rows point at the line that told of them.
    expect(t.pending()).toEqual([]);
    const rows = t.db.select().from(outbox).all();
    const folded = rows.filter((r) => r.lastError?.startsWith("folded into outbox #"));
    expect(folded).toHaveLength(83);
    expect(new Set(folded.map((r) => r.status))).toEqual(new Set(["sent"]));
    for (const id of forwards)
      expect(t.outboxRow(id)?.wamid).toBe(t.outboxRow(folded[0]?.id ?? 0)?.wamid ?? "wamid.OUT7");
  });

  it("a person typing a command every 2 s still hears of a new customer within (1 + MAX_DEBT) intervals", async () => {
    const t = setup(50);
    const notice = (() => {
      for (let i = 0; i < 10; i++) t.enqueue("answer", `answer ${i}`);
      return t.enqueue("notify", "#9 new");
    })();
    let waitedMs = 0;
    for (let second = 0; second < 120 && t.outboxRow(notice)?.status !== "sent"; second += 2) {
      t.enqueue("answer", `answer at ${second} s`);
      await t.dispatcher.runOnce();
      t.clock.advance(2_000);
      waitedMs += 2_000;
    }
    expect(t.outboxRow(notice)?.status).toBe("sent");
    expect(waitedMs).toBeLessThanOrEqual((1 + MAX_DEBT) * PAIR_INTERVAL_MS + 2_000);
  });
});
