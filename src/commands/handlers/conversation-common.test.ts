// The guarded write: a transition computed from a stale read of the conversation must write nothing.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type InboxUnderTest, SHEENA, startInbox } from "../../../test/kit/conversation.js";
import { useGraphServer } from "../../../test/kit/e2e.js";
import { conversations, staff } from "../../store/schema.js";
import type { CommandContext } from "../context.js";
import { Refusal } from "../context.js";
import { loadActor, readSettings } from "../lookup.js";
import { writeState } from "./conversation-common.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

function contextFor(handle: string): CommandContext {
  const row = t.db.select().from(staff).where(eq(staff.handle, handle)).get();
  if (!row) throw new Error(`no @${handle}`);
  return {
    tx: t.db,
    now: t.clock.now(),
    actor: loadActor(t.db, row),
    message: { id: 0, wamid: "wamid.TEST", quotedId: null, sentAt: t.clock.now() },
    channel: { kind: "direct" },
    options: { phoneNumberId: "x", reopenWindowHours: 24, staffGroupId: null, staffNotifyTemplate: null },
    settings: readSettings(t.db),
  };
}

describe("writeState", () => {
  it("writes when the conversation is as it was read", async () => {
    t = await startInbox();
    await t.write(SHEENA, "hello", { name: "Sheena" });
    const read = t.conversation(1);
    const maria = t.staffId("maria");
    const next = { status: "open" as const, assigneeId: maria, teamId: 1, previousAssigneeId: null };
    const written = writeState(contextFor("maria"), read, next);
    expect([written.assigneeId, written.teamId]).toEqual([maria, 1]);
  });

  it("refuses and writes nothing when someone else moved it after the read", async () => {
    t = await startInbox();
    await t.write(SHEENA, "hello", { name: "Sheena" });
    const stale = t.conversation(1);
    const carl = t.staffId("carl");
    t.db.update(conversations).set({ assigneeId: carl, teamId: 1 }).where(eq(conversations.id, 1)).run();
    const next = {
      status: "open" as const,
      assigneeId: t.staffId("maria"),
      teamId: 1,
      previousAssigneeId: null,
    };
    expect(() => writeState(contextFor("maria"), stale, next)).toThrow(
      new Refusal("#1 changed while your command ran; nothing was done. Send /show #1."),
    );
    expect(t.conversation(1).assigneeId).toBe(carl);
  });
});
