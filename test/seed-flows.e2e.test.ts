// The seed product's flows (issue 4), told end to end through real signed webhooks and nothing else:
// no database pokes, every step is what a customer or a staff member would type, every check is what
// they would read on their phone.
import { afterEach, describe, expect, it } from "vitest";
import { ADA, BOB, CARL, DINA, type InboxUnderTest, MARIA, SHEENA, startInbox } from "./kit/conversation.js";
import { useGraphServer } from "./kit/e2e.js";

useGraphServer();

let t: InboxUnderTest | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The conversation numbers a view lists, from its lines ("#3 · …"). */
function listed(answer: string | null): number[] {
  return [...(answer ?? "").matchAll(/^#(\d+) · /gm)].map((m) => Number(m[1]));
}

describe("seed flows, through commands only", () => {
  it("New → an agent takes it → Assigned and Mine → closed → Closed", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Hi, my order is late", { name: "Sheena" });
    expect(listed(await t.command(MARIA, "/new"))).toEqual([1]);

    expect(await t.command(MARIA, "/assign me #1")).toMatch(/^#1 /);
    expect(listed(await t.command(MARIA, "/new"))).toEqual([]);
    expect(listed(await t.command(MARIA, "/mine"))).toEqual([1]);
    expect(listed(await t.command(ADA, "/assigned"))).toEqual([1]);

    expect(await t.command(MARIA, "/close #1 sorted")).toMatch(/^#1 /);
    expect(listed(await t.command(MARIA, "/mine"))).toEqual([]);
    expect(listed(await t.command(ADA, "/closed"))).toEqual([1]);
  });

  it("a manager assigns to a team, a member picks it up from the team queue, an outsider cannot", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Do you ship to Lisbon?", { name: "Sheena" });
    expect(await t.command(BOB, "/assign team sales #1")).toMatch(/^#1 /);
    expect(listed(await t.command(CARL, "/queue sales"))).toEqual([1]);
    expect(await t.command(DINA, "/queue sales")).toMatch(/Not allowed/);
    await t.command(CARL, "/assign me #1");
    expect(listed(await t.command(CARL, "/queue sales"))).toEqual([]);
    expect(listed(await t.command(CARL, "/mine"))).toEqual([1]);
  });

  it("an agent's takeover is refused with the rule; an admin's reassignment tells both owners", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Hello?", { name: "Sheena" });
    await t.command(MARIA, "/assign me #1");
    // A few seconds later, once Carl has seen that @maria took it (else he lost a race, SPEC §16).
    t.clock.advance(5_000);
    const refusal = await t.command(CARL, "/assign me #1");
    expect(refusal).toMatch(/Not allowed/);
    expect(refusal).toMatch(/agent_reassign/);
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));

    const since = t.mark();
    await t.command(ADA, "/assign @carl #1");
    const told = t.noticesSince(since);
    expect(told.carl?.[0]).toMatch(/^#1 assigned to you by @ada/);
    expect(told.maria?.[0]).toMatch(/^#1 moved to @carl \(team sales\) by @ada/);
  });

  it("a customer writing again soon after a close goes back to the previous owner", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Hi", { name: "Sheena" });
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    t.clock.advance(60 * 60_000);
    await t.write(SHEENA, "One more thing", { name: "Sheena" });
    expect(t.conversation(1)).toMatchObject({ status: "open", assigneeId: t.staffId("maria") });
    expect(listed(await t.command(MARIA, "/mine"))).toEqual([1]);
  });

  it("outside the window: /reply is refused before Meta, /assign me on a closed one says the window is closed, a template goes out", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Hi", { name: "Sheena" });
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    t.clock.advance(25 * 60 * 60_000);

    const reopened = await t.command(MARIA, "/assign me #1");
    expect(reopened).toMatch(/window closed 1h ago · templates only/);
    const before = t.sentTo(SHEENA).length;
    expect(await t.command(MARIA, "/reply #1 Are you still there?")).toMatch(/^#1 .*window closed/);
    expect(t.sentTo(SHEENA)).toHaveLength(before);

    await t.command(MARIA, "/template #1 order_update en 4521");
    t.clock.advance(30_000);
    await t.flush();
    expect(t.lastTo(SHEENA)).toMatchObject({
      type: "template",
      template: { name: "order_update", params: ["4521"] },
    });
  });

  it("a quote-reply reaches the right customer; a non-owner's quote-reply does not", async () => {
    t = await startInbox();
    await t.write(SHEENA, "Where is my parcel?", { name: "Sheena" });
    await t.command(MARIA, "/assign me #1");
    await t.write(SHEENA, "It was due Monday", { name: "Sheena" });
    t.clock.advance(30_000);
    await t.flush();
    const forward = t.sentTo(MARIA).find((s) => s.text?.includes("It was due Monday"));
    if (!forward) throw new Error("the owner got no forward");

    await t.write(MARIA, "It leaves the depot today.", { quotedId: forward.wamid });
    t.clock.advance(30_000);
    await t.flush();
    expect(t.lastTo(SHEENA).text).toBe("It leaves the depot today.");

    const sentBefore = t.sentTo(SHEENA).length;
    expect(await t.command(CARL, "I can help too", { quotedId: forward.wamid })).toMatch(/Not allowed/);
    expect(t.sentTo(SHEENA)).toHaveLength(sentBefore);
  });
});
