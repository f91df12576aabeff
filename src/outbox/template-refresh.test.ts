// The template list refresh on its own: when it runs, that its fetch happens outside any transaction,
// what a success or a failure stores, and the backoff, the one-a-minute gap and the waiters.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { answerTemplateWaiters } from "../commands/handlers/templates.js";
import { MINUTE_MS } from "../domain/window.js";
import { memoryLogger } from "../log.js";
import { openNodeDatabase } from "../store/open-node.js";
import { outbox, staff, templateList } from "../store/schema.js";
import {
  addTemplateWaiter,
  readTemplateList,
  requestTemplateRefresh,
  TEMPLATE_LIST_MAX_ATTEMPTS,
} from "../store/template-list.js";
import type { GraphFailure, TemplateListResult } from "../whatsapp/graph-client.js";
import type { ApprovedTemplate } from "../whatsapp/templates.js";
import { createDispatcher } from "./dispatcher.js";
import { enqueueToStaff } from "./enqueue.js";
import { textOfPayload } from "./payload.js";
import { createTemplateRefresher } from "./template-refresh.js";

const hello: ApprovedTemplate = {
  name: "hello_world",
  language: "en_US",
  parameters: [],
  headerParameters: 0,
  named: false,
  mediaHeader: null,
};

const failure = (outcome: GraphFailure["outcome"], reason: string): GraphFailure => ({
  ok: false,
  outcome,
  windowClosed: false,
  code: null,
  httpStatus: 500,
  reason,
  source: "api",
});

let close: () => void = () => {};
afterEach(() => close());

function setup() {
  const opened = openNodeDatabase(":memory:");
  close = opened.close;
  const { db } = opened;
  const clock = manualClock();
  const answers: TemplateListResult[] = [];
  const calls: Array<{ inTransaction: boolean }> = [];
  const refresher = createTemplateRefresher({
    db,
    clock,
    log: memoryLogger(),
    businessAccountId: "1",
    answerWaiters: answerTemplateWaiters,
    graph: {
      listTemplates: async () => {
        calls.push({ inTransaction: opened.sqlite.inTransaction });
        await Promise.resolve();
        return answers.shift() ?? { ok: true, templates: [hello], skipped: 0, complete: true };
      },
    },
  });
  const person = db
    .insert(staff)
    .values({
      handle: "maria",
      phone: "+15550002222",
      waId: "15550002222",
      role: "agent",
      createdAt: clock.now(),
    })
    .returning()
    .get();
  const state = () => db.select().from(templateList).where(eq(templateList.id, 1)).get();
  const request = (asked = false) =>
    db.transaction((tx) => requestTemplateRefresh(tx, { now: clock.now(), asked }));
  const answersTo = () =>
    db
      .select()
      .from(outbox)
      .where(eq(outbox.staffId, person.id))
      .all()
      .map((r) => textOfPayload(r.payload));
  return { db, clock, refresher, answers, calls, person, state, request, answersTo };
}

describe("the template refresh", () => {
  it("does nothing until a refresh is asked for", async () => {
    const t = setup();
    expect(t.refresher.dueAt()).toBe(null);
    expect(await t.refresher.refreshIfDue()).toBe(0);
    expect(t.calls).toEqual([]);
  });

  it("reads the list outside any transaction, stores it with its time, and clears the request", async () => {
    const t = setup();
    t.request();
    expect(t.refresher.dueAt()).toBe(t.clock.now());
    await t.refresher.refreshIfDue();
    expect(t.calls).toEqual([{ inTransaction: false }]);
    expect(readTemplateList(t.db)).toEqual({
      fetchedAt: t.clock.now(),
      complete: true,
      lastError: null,
      templates: [hello],
    });
    expect(t.refresher.dueAt()).toBe(null);
  });

  it("a request made while the list was being read is kept for the next run", async () => {
    const t = setup();
    t.request();
    const listing = t.refresher.refreshIfDue();
    // Meta answers a template send with 132001 while the listing is in flight.
    t.clock.advance(5_000);
    t.request();
    await listing;
    expect(t.state()?.refreshRequestedAt).toBe(t.clock.now());
    // Not before the one-a-minute gap, measured from the start of the last listing.
    expect(t.refresher.dueAt()).toBe(t.clock.now() - 5_000 + MINUTE_MS);
  });

  it("answers the people waiting with the list, once each per chat", async () => {
    const t = setup();
    t.request(true);
    t.db.transaction((tx) => {
      addTemplateWaiter(tx, { staffId: t.person.id, groupId: null, page: 1, now: t.clock.now() });
      addTemplateWaiter(tx, { staffId: t.person.id, groupId: null, page: 1, now: t.clock.now() });
      addTemplateWaiter(tx, { staffId: t.person.id, groupId: "group-1", page: 1, now: t.clock.now() });
    });
    expect(await t.refresher.refreshIfDue()).toBe(2);
    expect(t.answersTo()).toEqual([
      "Approved templates (1 name) · read just now\nhello_world · en_US · no parameters\nSend one: /template #N <name> [language] [param | param…]",
    ]);
    const group = t.db.select().from(outbox).where(eq(outbox.recipient, "group-1")).all();
    expect(group.map((r) => r.recipientKind)).toEqual(["group"]);
    // Answered once: a later refresh has nobody left to tell.
    t.clock.advance(MINUTE_MS);
    t.request(true);
    expect(await t.refresher.refreshIfDue()).toBe(0);
  });

  it("a retryable failure is retried with growing backoff, then given up; the waiters hear why at once", async () => {
    const t = setup();
    t.request(true);
    t.db.transaction((tx) =>
      addTemplateWaiter(tx, { staffId: t.person.id, groupId: null, page: 1, now: t.clock.now() }),
    );
    const delays: number[] = [];
    for (let i = 0; i < TEMPLATE_LIST_MAX_ATTEMPTS; i++) {
      t.answers.push(failure("retry", "HTTP 503: server error"));
      const before = t.clock.now();
      expect(await t.refresher.refreshIfDue()).toBe(i === 0 ? 1 : 0);
      const due = t.refresher.dueAt();
      if (due === null) break;
      delays.push(due - before);
      t.clock.advance(due - t.clock.now());
    }
    expect(delays).toEqual([1, 2, 4, 8].map((m) => m * MINUTE_MS));
    expect(t.refresher.dueAt()).toBe(null);
    expect(t.state()?.lastError).toBe("HTTP 503: server error");
    expect(t.answersTo()).toEqual([
      "Could not read the approved templates from WhatsApp: HTTP 503: server error. /template still sends, unchecked: WhatsApp decides.",
    ]);
  });

  it("a failure a retry cannot mend (a wrong WABA id, a token without the permission) waits for the next use", async () => {
    const t = setup();
    t.request();
    t.answers.push(failure("stop", "Meta 200: permission or asset access missing"));
    await t.refresher.refreshIfDue();
    expect(t.refresher.dueAt()).toBe(null);
    // The next use asks again, a minute after the last attempt at the earliest.
    t.request();
    expect(t.refresher.dueAt()).toBe(t.clock.now() + MINUTE_MS);
  });

  it("a failure keeps the list read before, and the waiters are shown it", async () => {
    const t = setup();
    t.request();
    await t.refresher.refreshIfDue();
    t.clock.advance(2 * 60 * MINUTE_MS);
    t.request(true);
    t.db.transaction((tx) =>
      addTemplateWaiter(tx, { staffId: t.person.id, groupId: null, page: 1, now: t.clock.now() }),
    );
    t.answers.push(failure("retry", "request timed out"));
    await t.refresher.refreshIfDue();
    expect(readTemplateList(t.db).templates).toEqual([hello]);
    expect(t.answersTo()).toEqual([
      "Could not read the approved templates from WhatsApp: request timed out. /template still sends, unchecked: WhatsApp decides.\n\nApproved templates (1 name) · read 2h ago\nhello_world · en_US · no parameters\nSend one: /template #N <name> [language] [param | param…]",
    ]);
  });

  it("someone waiting cuts a backoff short; a template error does not", async () => {
    const t = setup();
    t.request();
    t.answers.push(failure("retry", "network error"));
    await t.refresher.refreshIfDue();
    t.answers.push(failure("retry", "network error"));
    t.clock.advance(MINUTE_MS);
    await t.refresher.refreshIfDue();
    const backoff = t.refresher.dueAt();
    expect(backoff).toBe(t.clock.now() + 2 * MINUTE_MS);
    t.request();
    expect(t.refresher.dueAt()).toBe(backoff);
    t.request(true);
    expect(t.refresher.dueAt()).toBe(t.clock.now() + MINUTE_MS);
  });
});

describe("the dispatcher runs the refresh", () => {
  function withDispatcher() {
    const opened = openNodeDatabase(":memory:");
    close = opened.close;
    const { db } = opened;
    const clock = manualClock();
    const sent: string[] = [];
    let finishListing: (result: TemplateListResult) => void = () => {};
    const graph = {
      sendMessage: async (_to: unknown, message: { type: string } & Record<string, unknown>) => {
        sent.push(textOfPayload(JSON.stringify(message)) ?? message.type);
        return { ok: true as const, wamid: `wamid.${sent.length}` };
      },
      listTemplates: () => new Promise<TemplateListResult>((resolve) => (finishListing = resolve)),
    };
    const log = memoryLogger();
    const templates = createTemplateRefresher({
      db,
      graph,
      clock,
      log,
      businessAccountId: "1",
      answerWaiters: answerTemplateWaiters,
    });
    const dispatcher = createDispatcher({ db, graph, clock, log, templates });
    const person = db
      .insert(staff)
      .values({
        handle: "ada",
        phone: "+15550000001",
        waId: "15550000001",
        role: "admin",
        createdAt: clock.now(),
      })
      .returning()
      .get();
    return { db, clock, sent, dispatcher, person, finish: (r: TemplateListResult) => finishListing(r) };
  }

  it("beside the sends: a slow listing holds up no answer, and the list follows in the same run", async () => {
    const t = withDispatcher();
    t.db.transaction((tx) => {
      requestTemplateRefresh(tx, { now: t.clock.now(), asked: true });
      addTemplateWaiter(tx, { staffId: t.person.id, groupId: null, page: 1, now: t.clock.now() });
      enqueueToStaff(tx, {
        now: t.clock.now(),
        staff: t.person,
        text: "Reading the approved templates from WhatsApp; the list follows in a moment.",
        conversationId: null,
        purpose: "answer",
        notifyTemplate: null,
      });
    });
    const run = t.dispatcher.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The listing has not answered, and the answer already went out.
    expect(t.sent).toEqual(["Reading the approved templates from WhatsApp; the list follows in a moment."]);
    t.finish({ ok: true, templates: [hello], skipped: 0, complete: true });
    expect(await run).toMatchObject({ sent: 2 });
    expect(t.sent[1]).toMatch(/^Approved templates \(1 name\)/);
  });
});
