// "Seen by a person" (SPEC §12, §17 item 6) end to end: which customer message is marked read, when,
// and with the typing indicator only when the new owner took it themselves. Signed webhooks in, msw as Meta.
import { afterEach, describe, expect, it } from "vitest";
import { ADA, type InboxUnderTest, MARIA, SHEENA, startInbox } from "../../test/kit/conversation.js";
import { useGraphServer } from "../../test/kit/e2e.js";
import { settings } from "../store/schema.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

describe("seen signals", () => {
  it("nothing on arrival; taking it marks the last message read with typing; a reply marks the newer one", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Hi", { name: "Sheena" });
    const second = await t.write(SHEENA, "Anyone there?");
    expect(t.reads).toEqual([]);
    await t.command(MARIA, "/assign me #1");
    expect(t.reads).toEqual([{ messageId: second, typing: true }]);
    // A reply with nothing new from the customer marks nothing twice.
    await t.command(MARIA, "/reply #1 Hello Sheena");
    expect(t.reads).toHaveLength(1);
    const third = await t.write(SHEENA, "Thanks!");
    expect(t.reads).toHaveLength(1);
    await t.command(MARIA, "/reply #1 You're welcome");
    expect(t.reads.at(-1)).toEqual({ messageId: third, typing: false });
  });

  it("assigned by someone else: read without typing; a tap or a 👍 takes it with typing", async () => {
    t = await startInbox();
    const first = await t.write(SHEENA, "Hi", { name: "Sheena" });
    await t.command(ADA, "/assign @maria #1");
    expect(t.reads).toEqual([{ messageId: first, typing: false }]);
    await t.react(ADA, t.lastTo(ADA).wamid, "👍");
    expect(t.conversation(1).assigneeId).toBe(t.staffId("ada"));
    expect(t.reads.at(-1)).toEqual({ messageId: first, typing: true });
  });

  it("a refused take marks nothing; /set seen_signals off marks nothing", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Hi", { name: "Sheena" });
    await t.command(MARIA, "/assign @carl #1");
    expect(t.reads).toEqual([]);
    t.db.insert(settings).values({ key: "seen_signals", value: "off" }).run();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/reply #1 Hello");
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
    expect(t.reads).toEqual([]);
  });
});
