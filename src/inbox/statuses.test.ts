import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeStatusWebhook, makeTextWebhook } from "../../test/kit/fixtures.js";
import { createTestInbox, seconds } from "../../test/kit/inbox-harness.js";
import { conversations, messageStatuses, messages } from "../store/schema.js";
import { type DeliveryFailureNotice, silentNotifier } from "./notifier.js";

const CUSTOMER = "16505551234";

/** A conversation with one outbound message already sent (wamid known). */
function withSentMessage(notices: DeliveryFailureNotice[] = []) {
  const t = createTestInbox({
    notifier: { ...silentNotifier, deliveryFailed: (_tx, n) => notices.push(n) },
  });
  t.deliver(
    makeTextWebhook({ from: CUSTOMER, id: "wamid.IN1", text: "hi", timestamp: seconds(t.clock.now()) }),
  );
  const now = t.clock.now();
  t.sqlite
    .prepare(
      `insert into outbox (recipient, recipient_kind, conversation_id, purpose, payload, status, next_attempt_at, created_at, wamid, requested_by_staff_id)
       values (?, 'customer', 1, 'reply', '{}', 'sent', ?, ?, 'wamid.OUT1', null)`,
    )
    .run(CUSTOMER, now, now);
  t.db
    .insert(messages)
    .values({
      conversationId: 1,
      direction: "out",
      dedupKey: "out:1",
      wamid: "wamid.OUT1",
      type: "text",
      text: "hello",
      status: "sent",
      timestamp: now,
      createdAt: now,
    })
    .run();
  const status = (value: string, at = t.clock.now(), errors?: { code: number; title: string }[]) =>
    t.deliver(
      makeStatusWebhook({
        id: "wamid.OUT1",
        status: value,
        timestamp: seconds(at),
        recipientId: CUSTOMER,
        ...(errors ? { errors } : {}),
      }),
    );
  const current = () => t.db.select().from(messages).where(eq(messages.wamid, "wamid.OUT1")).get()?.status;
  return { t, status, current };
}

describe("Inbox: statuses of outbound messages", () => {
  it("never moves backwards when statuses arrive out of order", () => {
    const { t, status, current } = withSentMessage();
    status("read");
    expect(current()).toBe("read");
    status("delivered");
    status("sent");
    expect(current()).toBe("read");
    expect(
      t.db
        .select()
        .from(messageStatuses)
        .all()
        .map((s) => s.status),
    ).toEqual(["read", "delivered", "sent"]);
  });

  it("ignores a redelivered status, byte-identical or not", () => {
    const { t, status } = withSentMessage();
    expect(status("delivered").counts).toMatchObject({ statuses: 1, duplicates: 0 });
    expect(status("delivered").stored.duplicate).toBe(true);
    t.clock.advance(2000); // another delivery of the same status: different bytes, same key
    expect(status("delivered").counts).toMatchObject({ statuses: 0, duplicates: 1 });
  });

  it("keeps a status for a wamid it does not know yet (the send is not recorded yet)", () => {
    const { t } = withSentMessage();
    t.deliver(
      makeStatusWebhook({
        id: "wamid.LATER",
        status: "delivered",
        timestamp: seconds(t.clock.now()),
        recipientId: CUSTOMER,
      }),
    );
    expect(
      t.db.select().from(messageStatuses).where(eq(messageStatuses.wamid, "wamid.LATER")).all(),
    ).toHaveLength(1);
  });

  it("marks the window closed and tells the requester when Meta fails a message with 131047", () => {
    const notices: DeliveryFailureNotice[] = [];
    const { t, status, current } = withSentMessage(notices);
    const before = t.db.select().from(conversations).get()?.windowExpiresAt ?? 0;
    expect(before).toBeGreaterThan(t.clock.now());
    status("failed", t.clock.now(), [{ code: 131047, title: "Re-engagement message" }]);
    expect(current()).toBe("failed");
    expect(t.db.select().from(conversations).get()?.windowExpiresAt).toBe(t.clock.now());
    expect(notices).toMatchObject([{ conversationId: 1, windowClosed: true }]);
  });

  it("does not let a late 'failed' undo a delivery", () => {
    const { status, current } = withSentMessage();
    status("delivered");
    status("failed", undefined, [{ code: 131026, title: "Message undeliverable" }]);
    expect(current()).toBe("delivered");
  });
});
