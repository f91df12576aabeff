// /unassign, /close, /reopen end to end (/assign is in assign.test.ts): signed webhooks in, msw as Meta,
// exact state and words.
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  BOB,
  CARL,
  DETAILS,
  DINA,
  FIRST,
  type InboxUnderTest,
  MARIA,
  MONA,
  OPEN,
  SHEENA,
  withNewConversation,
} from "../../../test/kit/conversation.js";
import { useGraphServer } from "../../../test/kit/e2e.js";
import { HOUR_MS } from "../../domain/window.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

describe("/unassign", () => {
  it("a manager unassigns: back to the team queue; the previous owner and the team are told", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.mark();
    expect(await t.command(BOB, "/unassign #1")).toBe(
      "#1 unassigned: back in the team sales queue. Told @maria, @carl.",
    );
    expect(t.noticesSince(before)).toEqual({
      maria: ["#1 unassigned by @bob: back in the team sales queue"],
      carl: [
        ["#1 back in the team sales queue (unassigned by @bob)", ...DETAILS, "Reply /assign me #1"].join(
          "\n",
        ),
      ],
    });
    const conv = t.conversation(1);
    expect([conv.assigneeId, conv.teamId, conv.previousAssigneeId]).toEqual([null, 1, t.staffId("maria")]);
    expect(t.history(1).at(-1)).toBe("unassigned @maria → team sales by @bob");
  });

  it("with no team it goes back to New: everyone available but the actor is told", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/assign me #1"); // Ada is in no team, so #1 has none
    const before = t.mark();
    const queued = ["#1 back in New (unassigned by @ada)", ...DETAILS, "Reply /assign me #1"].join("\n");
    expect(await t.command(ADA, "/unassign #1")).toBe(
      "#1 unassigned: back in New. Told @bob, @maria, @carl, @dina, @mona.",
    );
    expect(t.noticesSince(before)).toEqual({
      bob: [queued],
      maria: [queued],
      carl: [queued],
      dina: [queued],
      mona: [queued],
    });
    expect([t.conversation(1).assigneeId, t.conversation(1).teamId]).toEqual([null, null]);
  });

  it("with a staff group, New is announced there once", async () => {
    t = await withNewConversation({ STAFF_GROUP_ID: "group-1" });
    await t.command(ADA, "/assign me #1");
    expect(await t.command(ADA, "/unassign #1")).toBe("#1 unassigned: back in New. Told the staff group.");
    expect(t.lastTo("group-1").text).toBe(
      ["#1 back in New (unassigned by @ada)", ...DETAILS, "Reply /assign me #1"].join("\n"),
    );
  });

  it("refused by role: an agent may not unassign a teammate's conversation", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.snapshot();
    expect(await t.command(CARL, "/unassign #1")).toBe(
      "#1 Not allowed: agents may only hand over their own conversations (agent_reassign=own). Ask a manager of team sales or an admin.",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("refused by state: nobody owns a conversation in New", async () => {
    t = await withNewConversation();
    const before = t.snapshot();
    expect(await t.command(ADA, "/unassign #1")).toBe("#1 Nobody owns it, so there is nothing to unassign.");
    expect(t.snapshot()).toBe(before);
  });
});

describe("/close", () => {
  it("the owner closes with a note: status closed, closedAt now, the note in the history", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.mark();
    expect(await t.command(MARIA, "/close #1 refund sent")).toBe("#1 closed. Nobody else was told.");
    const conv = t.conversation(1);
    expect([conv.status, conv.assigneeId, conv.previousAssigneeId, conv.closedAt]).toEqual([
      "closed",
      null,
      t.staffId("maria"),
      t.clock.now(),
    ]);
    expect(t.history(1).at(-1)).toBe("closed @maria → closed (refund sent) by @maria");
    expect(t.noticesSince(before)).toEqual({});
  });

  it("a manager closing someone else's conversation tells the owner", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.mark();
    expect(await t.command(BOB, "/close #1 duplicate")).toBe("#1 closed. Told @maria.");
    expect(t.noticesSince(before)).toEqual({ maria: ["#1 closed by @bob: duplicate"] });
  });

  it("refused by role: an agent closes only their own", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.snapshot();
    expect(await t.command(CARL, "/close #1")).toBe(
      "#1 Not allowed: agents may close only their own conversations. Ask a manager of team sales or an admin.",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("refused by state: already closed", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    const before = t.snapshot();
    expect(await t.command(MARIA, "/close #1")).toBe("#1 It is already closed.");
    expect(t.snapshot()).toBe(before);
  });

  it("the customer writes again inside REOPEN_WINDOW_HOURS: back to the previous owner, who is told", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    t.clock.advance(2 * HOUR_MS);
    const before = t.mark();
    await t.write(SHEENA, "One more thing", { name: "Sheena" });
    const conv = t.conversation(1);
    expect([conv.status, conv.assigneeId, conv.closedAt]).toEqual(["open", t.staffId("maria"), null]);
    expect(t.noticesSince(before)).toEqual({
      maria: [`#1 · Sheena · +15557770001 (reopened: the customer wrote again)\nOne more thing\n${OPEN}`],
      bob: ["#1 reopened: the customer wrote again; back with @maria"],
      carl: ["#1 reopened: the customer wrote again; back with @maria"],
    });
    expect(t.history(1).at(-1)).toBe("reopened closed → @maria (customer wrote again) by system");
  });
});

describe("/reopen", () => {
  it("a manager reopens to the previous owner, who is told; the answer carries the window", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    t.clock.advance(3 * HOUR_MS);
    const before = t.mark();
    expect(await t.command(BOB, "/reopen #1")).toBe(
      "#1 reopened: back with @maria (team sales). Told @maria. window open · 21h 0m left",
    );
    expect(t.noticesSince(before)).toEqual({
      maria: [
        [
          "#1 reopened by @bob: it is yours again",
          "Sheena · +15557770001",
          `Last message: ${FIRST}`,
          "window open · 21h 0m left",
          "/show #1 to see it · /close #1 when it is done",
        ].join("\n"),
      ],
    });
    expect(t.history(1).at(-1)).toBe("reopened closed → @maria by @bob");
  });

  it("when the previous owner is away it goes to the team queue and the team is told", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    await t.command(MARIA, "/away");
    const before = t.mark();
    expect(await t.command(ADA, "/reopen #1")).toBe(
      `#1 reopened into the team sales queue. Told @bob, @carl. ${OPEN}`,
    );
    const queued = ["#1 reopened by @ada into the team sales queue", ...DETAILS, "Reply /assign me #1"];
    expect(t.noticesSince(before)).toEqual({ bob: [queued.join("\n")], carl: [queued.join("\n")] });
    const conv = t.conversation(1);
    expect([conv.status, conv.assigneeId, conv.teamId]).toEqual(["open", null, 1]);
  });

  it("refused by role: an agent may not reopen a teammate's closed conversation", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    const before = t.snapshot();
    expect(await t.command(CARL, "/reopen #1")).toBe(
      "#1 Not allowed: agents may reopen only their own closed conversations, or take one that had no owner. Ask a manager of team sales or an admin.",
    );
    expect(await t.command(MONA, "/reopen #1")).toBe(
      "#1 Not allowed: managers may act only on conversations in New or in their teams. Ask an admin.",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("refused by state: already open, or the customer already has another open conversation", async () => {
    t = await withNewConversation();
    expect(await t.command(ADA, "/reopen #1")).toBe("#1 It is already open.");
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    t.clock.advance(25 * HOUR_MS);
    await t.write(SHEENA, "New question", { name: "Sheena" }); // too late to reopen: #2 starts
    expect(t.conversation(2).status).toBe("open");
    const before = t.snapshot();
    expect(await t.command(MARIA, "/reopen #1")).toBe(
      "#1 cannot be reopened: Sheena already has #2 open. Use #2.",
    );
    expect(await t.command(MARIA, "/assign me #1")).toBe(
      "#1 cannot be reopened: Sheena already has #2 open. Use #2.",
    );
    expect(t.snapshot()).toBe(before);
  });
});

describe("a refusal changes nothing", () => {
  it("leaves conversations, history and the customer outbox exactly as they were", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.snapshot();
    const refused = [
      [DINA, "/assign me #1"],
      [CARL, "/unassign #1"],
      [CARL, "/close #1"],
      [DINA, "/reopen #1"],
      [MONA, "/assign team support #1"],
      [BOB, "/assign team support #1"],
      [CARL, "/reply #1 hello"],
      [ADA, "/template #1 hello_world"],
      [DINA, "/note #1 secret"],
    ] as const;
    for (const [phone, text] of refused) {
      const answer = await t.command(phone, text);
      expect(answer, text).toMatch(/^#1 (Not allowed|It is|was taken by @maria a moment ago)/);
    }
    expect(t.snapshot()).toBe(before);
  });
});
