import { eq } from "drizzle-orm";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, setupOutboxTest } from "../../test/kit/outbox.js";
import { messages, outbox } from "../store/schema.js";
import { enqueueToCustomer, enqueueToGroup, enqueueToStaff, heldSummary } from "./enqueue.js";
import { flattenForTemplate, TEMPLATE_PARAM_LIMIT, TEXT_LIMIT, truncate } from "./payload.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("enqueueToCustomer", () => {
  it("writes a pending outbox row and an outbound messages row that /show sees at once", () => {
    const t = setupOutboxTest(server);
    const { outboxId, messageId } = t.db.transaction((tx) =>
      enqueueToCustomer(tx, {
        now: t.t0,
        conversationId: t.conversation.id,
        recipient: "15550001111",
        message: { type: "text", text: { body: "hi there" }, context: { message_id: "wamid.IN1" } },
        freeForm: true,
        requestedByStaffId: t.agent.id,
        purpose: "reply",
      }),
    );
    expect(t.outboxRow(outboxId)).toMatchObject({
      status: "pending",
      needsWindow: true,
      recipientKind: "customer",
      requestedByStaffId: t.agent.id,
      nextAttemptAt: t.t0,
    });
    const row = t.db.select().from(messages).where(eq(messages.id, messageId)).get();
    expect(row).toMatchObject({
      direction: "out",
      dedupKey: `out:${outboxId}`,
      conversationId: t.conversation.id,
      contactId: t.contact.id,
      staffId: t.agent.id,
      type: "text",
      text: "hi there",
      quotedWamid: "wamid.IN1",
      status: "pending",
    });
  });

  it("describes a template by its name and parameters", () => {
    const t = setupOutboxTest(server);
    const { messageId } = t.db.transaction((tx) =>
      enqueueToCustomer(tx, {
        now: t.t0,
        conversationId: t.conversation.id,
        recipient: "15550001111",
        message: {
          type: "template",
          template: {
            name: "follow_up",
            language: { code: "en" },
            components: [{ type: "body", parameters: [{ type: "text", text: "Ann" }] }],
          },
        },
        freeForm: false,
        requestedByStaffId: t.agent.id,
        purpose: "template",
      }),
    );
    const row = t.db.select().from(messages).where(eq(messages.id, messageId)).get();
    expect(row).toMatchObject({ type: "template", text: "follow_up: Ann" });
  });
});

describe("enqueueToStaff (SPEC §3 staff windows)", () => {
  const cases: Array<{
    name: string;
    windowFromNow: number | null;
    template: string | null;
    purpose: "answer" | "notify" | "forward";
    expected: { status: "pending" | "held"; sentAs: "text" | "template" };
  }> = [
    {
      name: "open window → text",
      windowFromNow: HOUR,
      template: null,
      purpose: "notify",
      expected: { status: "pending", sentAs: "text" },
    },
    {
      name: "closed + template → template",
      windowFromNow: -HOUR,
      template: "staff_alert",
      purpose: "notify",
      expected: { status: "pending", sentAs: "template" },
    },
    {
      name: "closed, no template → held",
      windowFromNow: -HOUR,
      template: null,
      purpose: "forward",
      expected: { status: "held", sentAs: "text" },
    },
    {
      name: "never wrote, no template → held",
      windowFromNow: null,
      template: null,
      purpose: "notify",
      expected: { status: "held", sentAs: "text" },
    },
    {
      name: "answer → always text",
      windowFromNow: -HOUR,
      template: "staff_alert",
      purpose: "answer",
      expected: { status: "pending", sentAs: "text" },
    },
  ];
  it.each(cases)("$name", ({ windowFromNow, template, purpose, expected }) => {
    const t = setupOutboxTest(server);
    const staff = { ...t.agent, windowExpiresAt: windowFromNow === null ? null : t.t0 + windowFromNow };
    const result = t.db.transaction((tx) =>
      enqueueToStaff(tx, {
        now: t.t0,
        staff,
        text: "#4 new",
        conversationId: null,
        purpose,
        notifyTemplate: template,
      }),
    );
    expect(result).toMatchObject(expected);
    expect(t.outboxRow(result.outboxId)).toMatchObject({
      status: expected.status,
      staffId: t.agent.id,
      purpose,
    });
  });

  it("puts the text, flattened, into the template's one body parameter", () => {
    const t = setupOutboxTest(server);
    const staff = { ...t.agent, windowExpiresAt: null };
    const { outboxId } = t.db.transaction((tx) =>
      enqueueToStaff(tx, {
        now: t.t0,
        staff,
        text: "#4 Ann:\n\thello\n\n    there",
        conversationId: null,
        purpose: "notify",
        notifyTemplate: "staff_alert:en_US",
      }),
    );
    expect(JSON.parse(t.outboxRow(outboxId)?.payload ?? "{}")).toEqual({
      type: "template",
      template: {
        name: "staff_alert",
        language: { code: "en_US" },
        components: [{ type: "body", parameters: [{ type: "text", text: "#4 Ann: · hello · there" }] }],
      },
    });
  });

  it("a staff member with only a phone (seeded admin) is reached by phone", () => {
    const t = setupOutboxTest(server);
    const staff = { id: t.agent.id, waId: null, bsuid: null, phone: "+15550002222", windowExpiresAt: null };
    const { outboxId } = t.db.transaction((tx) =>
      enqueueToStaff(tx, {
        now: t.t0,
        staff,
        text: "hi",
        conversationId: null,
        purpose: "notify",
        notifyTemplate: "t",
      }),
    );
    expect(t.outboxRow(outboxId)?.recipient).toBe("+15550002222");
  });
});

it("enqueueToGroup writes a group text row", () => {
  const t = setupOutboxTest(server);
  const { outboxId } = t.db.transaction((tx) =>
    enqueueToGroup(tx, { now: t.t0, groupId: "G1", text: "#1 new", conversationId: 1 }),
  );
  expect(t.db.select().from(outbox).where(eq(outbox.id, outboxId)).get()).toMatchObject({
    recipient: "G1",
    recipientKind: "group",
    status: "pending",
  });
});

describe("payload text limits", () => {
  it("flattens newlines, tabs and long space runs, and keeps to the parameter limit", () => {
    expect(flattenForTemplate("a\nb\r\n\r\nc\td     e")).toBe("a · b · c d   e");
    expect(flattenForTemplate("x".repeat(5000))).toHaveLength(TEMPLATE_PARAM_LIMIT);
  });

  it("never splits an emoji when truncating", () => {
    expect(truncate("ab😀", 3)).toBe("ab…");
    expect(truncate("a😀b", 3)).toBe("a…");
  });

  it("heldSummary lists oldest first and ends with +N more when it would exceed 4096", () => {
    expect(heldSummary(["one", "two"])).toBe("While you were away (2):\n\none\n\ntwo");
    const many = Array.from({ length: 30 }, (_, i) => `#${i} ${"x".repeat(400)}`);
    const summary = heldSummary(many);
    expect(summary.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(summary).toMatch(/\n\n\+\d+ more\. Send \/mine or \/new to catch up\.$/);
    expect(summary.indexOf("#0 ")).toBeLessThan(summary.indexOf("#1 "));
  });
});
