// A 429's Retry-After decides when the row is tried again (issue 18, item 7); without a usable one, the
// outbox's own backoff does. Capped at an hour, so a wrong header cannot park an answer for a day.
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupOutboxTest } from "../../test/kit/outbox.js";
import { createDispatcher } from "./dispatcher.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MINUTE = 60_000;

describe("429 with Retry-After", () => {
  function setup429(retryAfter: string | null) {
    const t = setupOutboxTest(server);
    const dispatcher = createDispatcher({
      db: t.db,
      graph: t.graph,
      clock: t.clock,
      log: t.log,
      random: () => 0.5,
    });
    t.respond(() =>
      HttpResponse.json(
        { error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429 } },
        { status: 429, headers: retryAfter === null ? {} : { "retry-after": retryAfter } },
      ),
    );
    const answer = t.enqueueToAgent("answer", "whoami: @maria");
    const delayOf = () => (t.outboxRow(answer)?.nextAttemptAt ?? 0) - t.clock.now();
    return { ...t, dispatcher, answer, delayOf };
  }

  it("in seconds: the next attempt is that many seconds away, not the backoff's 1 s", async () => {
    const t = setup429("30");
    expect(await t.dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect(t.outboxRow(t.answer)).toMatchObject({ status: "pending", attempts: 1 });
    expect(t.delayOf()).toBe(30_000);
    t.clock.advance(29_999);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 0 });
    t.clock.advance(1);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 1 });
  });

  it("as an HTTP-date: the next attempt is at that date", async () => {
    const t = setup429(new Date(Date.now() + 90_000).toUTCString());
    await t.dispatcher.runOnce();
    // Whole seconds (an HTTP-date has no finer grain), measured against the response's own time.
    expect(t.delayOf()).toBeGreaterThan(88_000);
    expect(t.delayOf()).toBeLessThanOrEqual(90_000);
  });

  it("longer than an hour: capped at an hour", async () => {
    const t = setup429("86400");
    await t.dispatcher.runOnce();
    expect(t.delayOf()).toBe(60 * MINUTE);
  });

  it.each([[null], ["soon"], ["-5"], ["0"]])("Retry-After %s: the bot's own backoff (1 s)", async (value) => {
    const t = setup429(value);
    await t.dispatcher.runOnce();
    expect(t.delayOf()).toBe(1_000);
  });
});
