// The views and /show end to end: real signed webhooks through the app, msw as Meta. Ownership is set
// straight in the database (the commands that change it are tested beside their own handlers).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { HOUR_MS, MINUTE_MS } from "../../domain/window.js";
import { conversationEvents, conversations, messages, staff, teams } from "../../store/schema.js";

useGraphServer();

const ADA = "+15550000001"; // admin, from INBOX_ADMINS
const MARIA = "+15550000003"; // agent, sales
const SAM = "+15550000004"; // agent, support
const BOB = "+15550000005"; // manager, sales

async function startInbox() {
  const e = await startE2E();
  e.seedStaff("maria", MARIA, "agent", ["sales"]);
  e.seedStaff("sam", SAM, "agent", ["support"]);
  e.seedStaff("bob", BOB, "manager", ["sales"]);
  // Staff write once, so their windows are open and notices go out rather than wait.
  for (const phone of [ADA, MARIA, SAM, BOB]) await e.write(phone, "/whoami");

  const ask = async (phone: string, text: string, extra: { quotedId?: string } = {}) => {
    await e.write(phone, text, extra);
    return e.lastTo(phone).text;
  };
  const id = (handle: string): number => {
    const row = e.db.select({ id: staff.id }).from(staff).where(eq(staff.handle, handle)).get();
    if (!row) throw new Error(`no @${handle}`);
    return row.id;
  };
  const team = (name: string): number => {
    const row = e.db.select({ id: teams.id }).from(teams).where(eq(teams.name, name)).get();
    if (!row) throw new Error(`no team ${name}`);
    return row.id;
  };
  const set = (conv: number, values: Partial<typeof conversations.$inferInsert>) =>
    e.db.update(conversations).set(values).where(eq(conversations.id, conv)).run();
  /** Customer n (1-based) writes; a minute passes first, so each one is newer than the last. */
  const customer = async (n: number, text: string, name = `Customer ${n}`) => {
    e.clock.advance(MINUTE_MS);
    await e.write(`+1555200${String(n).padStart(4, "0")}`, text, { name });
  };
  return { e, ask, id, team, set, customer };
}

describe("/new", () => {
  it("lists a customer's new conversation: number, name, last message, age and window", async () => {
    const { e, ask } = await startInbox();
    await e.write("+15551110001", "Hi, where is my order?", { name: "Maria Lopez" });
    e.clock.advance(5 * MINUTE_MS);
    expect(await ask(ADA, "/new")).toBe(
      "New · 1 conversation\n#1 · Maria Lopez · Hi, where is my order? · 5m · open 23h",
    );
    // Agents see New too.
    expect(await ask(SAM, "/new")).toBe(
      "New · 1 conversation\n#1 · Maria Lopez · Hi, where is my order? · 5m · open 23h",
    );
  });

  it("says so when New is empty", async () => {
    const { ask } = await startInbox();
    expect(await ask(ADA, "/new")).toBe("New is empty. 🎉");
  });

  it("pages 23 conversations 10 at a time, longest waiting first, and says when a page is past the end", async () => {
    const { ask, customer } = await startInbox();
    for (let n = 1; n <= 23; n++) await customer(n, `Message ${n}`);

    const first = (await ask(ADA, "/new"))?.split("\n") ?? [];
    expect(first[0]).toBe("New · 23 conversations");
    expect(first.slice(1, 11).map((l) => l.split(" · ")[0])).toEqual([
      "#1",
      "#2",
      "#3",
      "#4",
      "#5",
      "#6",
      "#7",
      "#8",
      "#9",
      "#10",
    ]);
    expect(first[1]).toBe("#1 · Customer 1 · Message 1 · 22m · open 23h");
    expect(first[10]).toBe("#10 · Customer 10 · Message 10 · 13m · open 23h");
    expect(first[11]).toBe("page 1/3 · /new 2 for more");
    expect(first).toHaveLength(12);

    const second = (await ask(ADA, "/new 2"))?.split("\n") ?? [];
    expect(second[1]?.startsWith("#11 · ")).toBe(true);
    expect(second.at(-1)).toBe("page 2/3 · /new 3 for more");

    expect(await ask(ADA, "/new 3")).toBe(
      [
        "New · 23 conversations",
        "#21 · Customer 21 · Message 21 · 2m · open 23h",
        "#22 · Customer 22 · Message 22 · 1m · open 23h",
        "#23 · Customer 23 · Message 23 · now · open 24h",
        "page 3/3",
      ].join("\n"),
    );
    expect(await ask(ADA, "/new 4")).toBe(
      "Page 4 is past the end: New has 3 pages. Send /new 3 for the last one.",
    );
  });

  it("keeps a customer who writes again in their place: they have waited since their first message", async () => {
    const { ask, customer } = await startInbox();
    await customer(1, "first");
    await customer(2, "second");
    await customer(3, "third");
    await customer(1, "first again");
    expect(await ask(ADA, "/new")).toBe(
      [
        "New · 3 conversations",
        "#1 · Customer 1 · first again · now · open 24h",
        "#2 · Customer 2 · second · 2m · open 23h",
        "#3 · Customer 3 · third · 1m · open 23h",
      ].join("\n"),
    );
  });

  it("puts an answered conversation handed back to New after those still waiting", async () => {
    const { e, ask, customer } = await startInbox();
    await customer(1, "first");
    await customer(2, "second");
    await customer(3, "third");
    await ask(ADA, "/assign me #1");
    await e.write(ADA, "/reply #1 Looking into it");
    e.clock.advance(MINUTE_MS);
    await ask(ADA, "/unassign #1");
    const order = async () =>
      ((await ask(ADA, "/new")) ?? "")
        .split("\n")
        .slice(1)
        .map((l) => l.split(" · ")[0]);
    // #1 waits for nobody: it queues from when it came back, behind #2 and #3.
    expect(await order()).toEqual(["#2", "#3", "#1"]);
    // Once its customer writes again, they wait from that message, still behind the others.
    await customer(1, "thanks, and one more thing");
    expect(await order()).toEqual(["#2", "#3", "#1"]);
  });

  it("forgets an unanswered wait when the conversation is closed", async () => {
    const { ask, customer } = await startInbox();
    await customer(1, "spam");
    await customer(2, "a question");
    await ask(ADA, "/close #1");
    await customer(3, "another question");
    // The customer writes again within the reopen window: #1 is back in New, waiting from now.
    await customer(1, "a real question");
    const lines = ((await ask(ADA, "/new")) ?? "").split("\n").slice(1);
    expect(lines.map((l) => l.split(" · ")[0])).toEqual(["#2", "#3", "#1"]);
  });
});

describe("/mine and /assigned", () => {
  /** #1 maria in sales, #2 sales queue, #3 sam in support, #4 maria with no team, #5 New. */
  async function assignedInbox() {
    const t = await startInbox();
    for (let n = 1; n <= 5; n++) await t.customer(n, `Message ${n}`);
    t.set(1, { assigneeId: t.id("maria"), teamId: t.team("sales") });
    t.set(2, { teamId: t.team("sales") });
    t.set(3, { assigneeId: t.id("sam"), teamId: t.team("support") });
    t.set(4, { assigneeId: t.id("maria") });
    return t;
  }
  const line = (n: number, age: number) => `#${n} · Customer ${n} · Message ${n} · ${age}m · open 23h`;

  it("/mine lists the person's open conversations, and they leave New", async () => {
    const { ask } = await assignedInbox();
    expect(await ask(MARIA, "/mine")).toBe(["Mine · 2 conversations", line(4, 1), line(1, 4)].join("\n"));
    expect(await ask(SAM, "/mine")).toBe(["Mine · 1 conversation", line(3, 2)].join("\n"));
    expect(await ask(BOB, "/mine")).toBe("You have no open conversations. Send /new to see who is waiting.");
    expect(await ask(ADA, "/new")).toBe("New · 1 conversation\n#5 · Customer 5 · Message 5 · now · open 24h");
  });

  it("an admin sees every assigned conversation, and can filter by person or team", async () => {
    const { ask } = await assignedInbox();
    expect(await ask(ADA, "/assigned")).toBe(
      ["Assigned · 4 conversations", line(4, 1), line(3, 2), line(2, 3), line(1, 4)].join("\n"),
    );
    expect(await ask(ADA, "/assigned @maria")).toBe(
      ["Assigned to @maria · 2 conversations", line(4, 1), line(1, 4)].join("\n"),
    );
    expect(await ask(ADA, "/assigned team sales")).toBe(
      ["Assigned · team sales · 2 conversations", line(2, 3), line(1, 4)].join("\n"),
    );
  });

  it("an agent sees their teams' conversations and their own, nothing else", async () => {
    const { ask } = await assignedInbox();
    expect(await ask(MARIA, "/assigned")).toBe(
      ["Assigned (your teams and yours) · 3 conversations", line(4, 1), line(2, 3), line(1, 4)].join("\n"),
    );
    expect(await ask(SAM, "/assigned")).toBe(
      ["Assigned (your teams and yours) · 1 conversation", line(3, 2)].join("\n"),
    );
    expect(await ask(MARIA, "/assigned @sam")).toBe("No open conversations assigned to @sam in your teams.");
    expect(await ask(MARIA, "/assigned team support")).toBe(
      "No assigned conversations of yours in team support.",
    );
    expect(await ask(SAM, "/assigned team sales")).toBe("No assigned conversations of yours in team sales.");
    expect(await ask(MARIA, "/assigned @nobody")).toBe(
      "No staff member @nobody. Send /staff to see who is on the team.",
    );
  });
});

describe("/queue and /closed", () => {
  it("/queue is for the team's members; others are told the rule", async () => {
    const { ask, customer, set, team } = await startInbox();
    await customer(1, "Message 1");
    await customer(2, "Message 2");
    set(1, { teamId: team("sales") });
    expect(await ask(MARIA, "/queue sales")).toBe(
      "Team sales queue · 1 conversation\n#1 · Customer 1 · Message 1 · 1m · open 23h",
    );
    expect(await ask(SAM, "/queue sales")).toBe(
      "Not allowed: only members of team sales may pick up from its queue. Ask a manager of team sales or an admin.",
    );
    expect(await ask(ADA, "/queue support")).toBe("No conversations waiting in team support.");
    expect(await ask(ADA, "/queue nope")).toBe('There is no team "nope". Send /teams to see the teams.');
  });

  it("/closed lists closed conversations within the person's scope", async () => {
    const { e, ask, customer, set, team, id } = await startInbox();
    await customer(1, "Thanks!");
    await customer(2, "Message 2");
    e.clock.advance(HOUR_MS);
    // As closing leaves it: no assignee, the owner remembered, activity moved to the close.
    set(1, {
      status: "closed",
      teamId: team("sales"),
      previousAssigneeId: id("maria"),
      closedAt: e.clock.now(),
      lastActivityAt: e.clock.now(),
    });
    e.clock.advance(2 * HOUR_MS);
    const closed = "#1 · Customer 1 · Thanks! · 2h · open 20h";
    expect(await ask(ADA, "/closed")).toBe(`Closed · 1 conversation\n${closed}`);
    expect(await ask(MARIA, "/closed")).toBe(`Closed (your teams and yours) · 1 conversation\n${closed}`);
    expect(await ask(SAM, "/closed")).toBe("No closed conversations in your teams or yours.");
    expect(await ask(ADA, "/closed 2")).toBe(
      "Page 2 is past the end: Closed has 1 page. Send /closed for the last one.",
    );
  });
});

describe("/show", () => {
  it("shows customer, status, owner, team, window, messages and history", async () => {
    const { e, ask, set, id, team } = await startInbox();
    await e.write("+15551110001", "Hi, where is my order?", { name: "Maria Lopez" });
    e.clock.advance(5 * MINUTE_MS);
    set(1, { assigneeId: id("maria"), teamId: team("sales") });
    e.db
      .insert(conversationEvents)
      .values({
        conversationId: 1,
        actorStaffId: id("bob"),
        action: "assigned",
        fromValue: "New",
        toValue: "@maria",
        at: e.clock.now(),
      })
      .run();
    e.clock.advance(2 * MINUTE_MS);
    e.db
      .insert(messages)
      .values({
        conversationId: 1,
        direction: "out",
        dedupKey: "out:test",
        staffId: id("maria"),
        type: "text",
        text: "It ships today",
        status: "delivered",
        timestamp: e.clock.now(),
        createdAt: e.clock.now(),
      })
      .run();
    e.db
      .insert(conversationEvents)
      .values({
        conversationId: 1,
        actorStaffId: id("maria"),
        action: "note",
        note: "VIP, be quick",
        at: e.clock.now(),
      })
      .run();
    e.clock.advance(MINUTE_MS);

    const shown = [
      "#1 · Maria Lopez · +15551110001",
      "Open · owner: @maria · team: sales",
      "window open · 23h 52m left",
      "Messages:",
      "← 8m ago · Hi, where is my order?",
      "→ 1m ago · @maria · It ships today · ✓✓ delivered",
      "History:",
      "8m ago created: New",
      "3m ago @bob assigned: New → @maria",
      "1m ago @maria note · VIP, be quick",
    ].join("\n");
    expect(await ask(ADA, "/show #1")).toBe(shown);
    expect(await ask(MARIA, "/show #1")).toBe(shown);
  });

  it("finds the conversation from a quoted bot message, and its own answer can be quoted again", async () => {
    const { e, ask } = await startInbox();
    await e.write("+15551110001", "Hello", { name: "Lee" });
    const notice = e.lastTo(ADA);
    expect(notice.text?.startsWith("#1 · Lee · +15551110001")).toBe(true);
    const shown = await ask(ADA, "/show", { quotedId: notice.wamid });
    expect(shown?.split("\n").slice(0, 3)).toEqual([
      "#1 · Lee · +15551110001",
      "Open · owner: nobody · team: none",
      "window open · 24h 0m left",
    ]);
    expect(await ask(ADA, "/show", { quotedId: e.lastTo(ADA).wamid })).toBe(shown);
    expect(await ask(ADA, "/show")).toBe("Which conversation? Add #N or reply to its message.");
  });

  it("refuses someone who may not see it, and says when there is no such conversation", async () => {
    const { ask, customer, set, id, team } = await startInbox();
    await customer(1, "Message 1");
    set(1, { assigneeId: id("maria"), teamId: team("sales") });
    expect(await ask(SAM, "/show #1")).toBe(
      "Not allowed: you may see New, your teams' conversations and your own. Ask a manager of team sales or an admin.",
    );
    expect(await ask(ADA, "/show #99")).toBe("There is no conversation #99.");
  });

  it("shows a closed window with the way out, the closing time and only the latest messages", async () => {
    const { e, ask, set, id } = await startInbox();
    for (let n = 1; n <= 7; n++) {
      await e.write("+15551110001", `Line ${n}`, { name: "Lee" });
      e.clock.advance(MINUTE_MS);
    }
    set(1, { status: "closed", previousAssigneeId: id("maria"), closedAt: e.clock.now() });
    e.clock.advance(26 * HOUR_MS);
    expect(await ask(ADA, "/show #1")).toBe(
      [
        "#1 · Lee · +15551110001",
        "Closed 1d ago · owner: @maria · team: none",
        "window closed 2h ago · templates only",
        "Last 5 messages:",
        "← 1d ago · Line 3",
        "← 1d ago · Line 4",
        "← 1d ago · Line 5",
        "← 1d ago · Line 6",
        "← 1d ago · Line 7",
        "History:",
        "1d ago created: New",
      ].join("\n"),
    );
  });
});
