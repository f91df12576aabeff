// /assign (and /reassign) end to end: signed webhooks in, msw as Meta, exact state, history and words.
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
  OPEN,
  SHEENA,
  startInbox,
  withNewConversation,
} from "../../../test/kit/conversation.js";
import { useGraphServer } from "../../../test/kit/e2e.js";
import { makeTextWebhook } from "../../../test/kit/fixtures.js";
import { HOUR_MS } from "../../domain/window.js";
import { teamMembers, teams } from "../../store/schema.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

const SHOW_CLOSE = "/show #1 to see it · /close #1 when it is done";

describe("/assign", () => {
  it("an agent's /assign me #1 takes it out of New; the team hears who took it", async () => {
    t = await withNewConversation();
    const before = t.mark();
    expect(await t.command(MARIA, "/assign me #1")).toBe(
      `#1 assigned to you (team sales). Told @bob, @carl. ${OPEN}`,
    );
    const conv = t.conversation(1);
    expect([conv.status, conv.assigneeId, conv.teamId]).toEqual(["open", t.staffId("maria"), 1]);
    expect(t.history(1)).toEqual(["created ∅ → New by system", "assigned New → @maria by @maria"]);
    expect(t.noticesSince(before)).toEqual({
      bob: ["#1 taken by @maria (team sales)"],
      carl: ["#1 taken by @maria (team sales)"],
    });
  });

  it("an admin assigns to an agent: the agent is told with the customer, the last message and the window", async () => {
    t = await withNewConversation();
    const before = t.mark();
    expect(await t.command(ADA, "/assign @maria #1")).toBe(
      `#1 assigned to @maria (team sales). Told @maria, @bob, @carl. ${OPEN}`,
    );
    expect(t.noticesSince(before)).toEqual({
      // Stored with the commands its buttons stand for: what goes wherever the buttons cannot (§17.5).
      maria: [["#1 assigned to you by @ada", ...DETAILS, SHOW_CLOSE].join("\n")],
      bob: ["#1 assigned to @maria (team sales) by @ada"],
      carl: ["#1 assigned to @maria (team sales) by @ada"],
    });
    // The notice really reached Meta, addressed to Maria.
    expect(t.lastTo(MARIA).text).toBe(["#1 assigned to you by @ada", ...DETAILS].join("\n"));
  });

  it("a manager sends it to a team queue and a member of that team picks it up", async () => {
    t = await withNewConversation();
    let before = t.mark();
    expect(await t.command(BOB, "/assign team sales #1")).toBe(
      `#1 moved to the team sales queue. Told @maria, @carl. ${OPEN}`,
    );
    const queued = [
      "#1 waiting in the team sales queue (sent there by @bob)",
      ...DETAILS,
      "Reply /assign me #1",
    ];
    expect(t.noticesSince(before)).toEqual({ maria: [queued.join("\n")], carl: [queued.join("\n")] });
    expect([t.conversation(1).assigneeId, t.conversation(1).teamId]).toEqual([null, 1]);

    // Dina is not in sales: the queue is not hers.
    expect(await t.command(DINA, "/assign me #1")).toBe(
      "#1 Not allowed: only members of team sales may pick up from its queue. Ask a manager of team sales or an admin.",
    );
    before = t.mark();
    expect(await t.command(CARL, "/assign me #1")).toBe(
      `#1 assigned to you (team sales). Nobody else was told. ${OPEN}`,
    );
    expect(t.noticesSince(before)).toEqual({});
    expect([t.conversation(1).assigneeId, t.conversation(1).teamId]).toEqual([t.staffId("carl"), 1]);
    expect(t.history(1).slice(1)).toEqual([
      "assigned New → team sales by @bob",
      "assigned team sales → @carl by @carl",
    ]);
  });

  it("an admin reassigns from @maria to @carl: both owners are told, the history says from → to", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const before = t.mark();
    expect(await t.command(ADA, "/reassign @carl #1")).toBe(
      `#1 assigned to @carl (team sales). Told @carl, @maria. ${OPEN}`,
    );
    expect(t.noticesSince(before)).toEqual({
      carl: [["#1 assigned to you by @ada", ...DETAILS, SHOW_CLOSE].join("\n")],
      maria: ["#1 moved to @carl (team sales) by @ada"],
    });
    expect(t.conversation(1).assigneeId).toBe(t.staffId("carl"));
    expect(t.conversation(1).previousAssigneeId).toBe(t.staffId("maria"));
    expect(t.history(1).at(-1)).toBe("assigned @maria → @carl by @ada");
  });

  it("refused by role: an agent may not take over someone else's conversation (agent_reassign=own)", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    // Past the race (what-people-read.test.ts): Carl has seen that @maria took it.
    t.clock.advance(5_000);
    const before = t.snapshot();
    expect(await t.command(CARL, "/assign me #1")).toBe(
      "#1 Not allowed: agents may not take over someone else's conversation (agent_reassign=own). Ask a manager of team sales or an admin.",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("with agent_reassign=any an agent takes over a teammate's conversation and both are told", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    t.setAgentReassign("any");
    t.clock.advance(5_000);
    const before = t.mark();
    expect(await t.command(CARL, "/assign me #1")).toBe(
      "#1 assigned to you (team sales). Told @maria. window open · 23h 59m left",
    );
    expect(t.noticesSince(before)).toEqual({ maria: ["#1 moved to @carl (team sales) by @carl"] });
    expect(t.conversation(1).assigneeId).toBe(t.staffId("carl"));
  });

  it("in an inbox without teams, agent_reassign decides whether an agent takes over a colleague's conversation", async () => {
    // No teams: once @maria takes #1 only she (and admins) can see it, and `any` still means any.
    t = await startInbox();
    t.db.delete(teamMembers).run();
    t.db.delete(teams).run();
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    await t.command(MARIA, "/assign me #1");
    // Carl was not told (no team): only after the race window is this a takeover, not a lost race.
    t.clock.advance(61_000);

    const before = t.snapshot();
    expect(await t.command(CARL, "/assign me #1")).toBe(
      "#1 Not allowed: agents may not take over someone else's conversation (agent_reassign=own). Ask a manager or an admin.",
    );
    expect(t.snapshot()).toBe(before);

    await t.command(ADA, "/set agent_reassign any");
    const mark = t.mark();
    expect(await t.command(CARL, "/assign me #1")).toBe(
      "#1 assigned to you. Told @maria. window open · 23h 58m left",
    );
    expect(t.noticesSince(mark)).toEqual({ maria: ["#1 moved to @carl by @carl"] });
    expect(t.history(1).at(-1)).toBe("assigned @maria → @carl by @carl");
  });

  it("refused by state: someone who is away gets no new work; 'already yours' changes nothing", async () => {
    t = await withNewConversation();
    await t.command(CARL, "/away");
    const before = t.snapshot();
    expect(await t.command(BOB, "/assign @carl #1")).toBe(
      "#1 not assigned: @carl is away and gets no new work until they send /back.",
    );
    expect(t.snapshot()).toBe(before);

    await t.command(MARIA, "/assign me #1");
    const mine = t.snapshot();
    expect(await t.command(MARIA, "/assign me #1")).toBe(`#1 is already yours. ${OPEN}`);
    expect(t.snapshot()).toBe(mine);
  });

  it("on a closed conversation /assign me reopens it and says the window is still closed", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/close #1");
    t.clock.advance(25 * HOUR_MS);
    expect(await t.command(MARIA, "/assign me #1")).toBe(
      "#1 reopened and assigned to you (team sales). Nobody else was told. window closed 1h ago · templates only. Use /template #1 <name> [language] [params]",
    );
    const conv = t.conversation(1);
    expect([conv.status, conv.assigneeId, conv.closedAt]).toEqual(["open", t.staffId("maria"), null]);
    expect(t.history(1).at(-1)).toBe("reopened closed → @maria by @maria");
  });

  it("a redelivered /assign webhook (same wamid) assigns once and writes history once", async () => {
    t = await withNewConversation();
    const body = (timestamp: number) =>
      makeTextWebhook({ from: MARIA.slice(1), id: "wamid.ASSIGN.1", text: "/assign me #1", timestamp });
    const seconds = Math.floor(t.clock.now() / 1000);
    await t.post(body(seconds));
    await t.flush();
    const after = t.snapshot();
    const answers = t.sentTo(MARIA).length;
    await t.post(body(seconds)); // byte-identical replay
    await t.post(body(seconds + 1)); // same wamid, different bytes (Meta's redelivery)
    await t.flush();
    expect(t.snapshot()).toBe(after);
    expect(t.sentTo(MARIA).length).toBe(answers);
    expect(t.history(1)).toEqual(["created ∅ → New by system", "assigned New → @maria by @maria"]);
  });

  it("a missing team, handle or conversation is a clear answer", async () => {
    t = await withNewConversation();
    expect(await t.command(BOB, "/assign team billing #1")).toBe(
      'There is no team "billing". Send /teams to see the teams.',
    );
    expect(await t.command(BOB, "/assign @nobody #1")).toBe(
      "No staff member @nobody. Send /staff to see who is on the team.",
    );
    expect(await t.command(BOB, "/assign me #7")).toBe("There is no conversation #7.");
    expect(await t.command(BOB, "/assign me")).toBe("Which conversation? Add #N or reply to its message.");
  });
});
