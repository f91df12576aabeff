// /stats against a hand-built inbox (SPEC §14): real webhooks and commands with a manual clock, so every
// figure comes through the code paths that produce it in use (the triggers of migrations/0009 included).
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { HOUR_MS, MINUTE_MS } from "../../domain/window.js";
import { contacts, conversations, settings, staff } from "../../store/schema.js";

useGraphServer();

const ADA = "+15550000001"; // admin, from INBOX_ADMINS
const MARIA = "+15550000003"; // agent, sales
const SAM = "+15550000004"; // agent, support
const BOB = "+15550000005"; // manager, sales
const C = (n: number) => `+1555200000${n}`;

/**
 * Day 1 (2026-01-15, UTC), from 09:00: four customers write. #1 and #2 go to the sales queue and @maria
 * takes and answers them after 5m and 30m; @sam takes #3 and answers after 2h. @maria closes #1 at 11:00
 * (2h after it opened) and #2 at 12:00 (3h). Customer 3 writes again at 11:30. Nobody answers #4.
 * Day 2, 10:00: #4's window closed unanswered at 09:00; customer 1 writes again, which reopens #1 to
 * @maria; #3's window closes at 11:30 with customer 3 waiting.
 */
async function handBuiltInbox() {
  const e = await startE2E();
  e.seedStaff("maria", MARIA, "agent", ["sales"]);
  e.seedStaff("sam", SAM, "agent", ["support"]);
  e.seedStaff("bob", BOB, "manager", ["sales"]);
  const start = e.clock.now();
  const at = async (ms: number) => {
    e.clock.advance(start + ms - e.clock.now());
  };
  const ask = async (phone: string, text: string) => {
    await e.write(phone, text);
    return e.lastTo(phone).text;
  };
  for (const phone of [ADA, MARIA, SAM, BOB]) await e.write(phone, "/whoami");
  for (let n = 1; n <= 4; n++) await e.write(C(n), `Hello from ${n}`, { name: `Customer ${n}` });
  await ask(ADA, "/assign team sales #1");
  await ask(ADA, "/assign team sales #2");
  await at(MINUTE_MS);
  await ask(MARIA, "/assign me #1");
  await ask(MARIA, "/assign me #2");
  await ask(SAM, "/assign me #3");
  await at(5 * MINUTE_MS);
  await ask(MARIA, "/reply #1 On it");
  await at(30 * MINUTE_MS);
  await ask(MARIA, "/reply #2 On it");
  await at(2 * HOUR_MS);
  await ask(SAM, "/reply #3 On it");
  await ask(MARIA, "/close #1");
  await at(2 * HOUR_MS + 30 * MINUTE_MS);
  await e.write(C(3), "Still there?");
  await at(3 * HOUR_MS);
  await ask(MARIA, "/close #2");
  await at(25 * HOUR_MS);
  await e.write(C(1), "One more thing");
  return { e, ask };
}

describe("/stats", () => {
  it("gives an admin the whole inbox: now, and the period's counts, first response, resolution and missed windows", async () => {
    const { ask } = await handBuiltInbox();
    expect(await ask(ADA, "/stats 7d")).toBe(
      [
        "Stats · last 7 days (UTC) · whole inbox",
        "Now:",
        "Open: 3",
        "In New: 1 · longest waiting 1d",
        "Team queues: sales 0 · support 0",
        "Awaiting a reply: 3 · longest 1d",
        "Windows closing within 2h, unanswered: 1",
        "Open per person: @maria 1 · @sam 1",
        "Last 7 days:",
        "New: 4 · closed: 2 · reopened: 1",
        "First response: median 30m · p90 2h (3 answered)",
        "Resolution: median 2h (2 closed)",
        "Windows closed unanswered: 1",
      ].join("\n"),
    );
  });

  it("gives an agent the inbox-wide New count and their own figures", async () => {
    const { ask } = await handBuiltInbox();
    const own = [
      "Now:",
      "Open: 1",
      "In New (whole inbox): 1 · longest waiting 1d",
      "Awaiting a reply: 1 · longest <1m",
      "Windows closing within 2h, unanswered: 0",
      "Last 7 days:",
      "New (whole inbox): 4 · closed: 2 · reopened: 1",
      "First response: median 5m · p90 30m (2 answered)",
      "Resolution: median 2h (2 closed)",
      "Windows closed unanswered: 0",
    ];
    expect(await ask(MARIA, "/stats 7d")).toBe(["Stats · last 7 days (UTC) · you", ...own].join("\n"));
    // The same figures for an admin who asks about her, and for her own @handle.
    expect(await ask(ADA, "/stats @maria 7d")).toBe(
      ["Stats · last 7 days (UTC) · @maria", ...own].join("\n"),
    );
    expect(await ask(MARIA, "/stats 7d @maria")).toBe(["Stats · last 7 days (UTC) · you", ...own].join("\n"));
  });

  it("gives a manager their teams and themselves, and a member of their teams", async () => {
    const { ask } = await handBuiltInbox();
    const teamSales = [
      "Now:",
      "Open: 1",
      "In New (whole inbox): 1 · longest waiting 1d",
      "Team queues: sales 0",
      "Awaiting a reply: 1 · longest <1m",
      "Windows closing within 2h, unanswered: 0",
      "Open per person: @maria 1",
      "Last 7 days:",
      "New (whole inbox): 4 · closed: 2 · reopened: 1",
      "First response: median 5m · p90 30m (2 answered)",
      "Resolution: median 2h (2 closed)",
      "Windows closed unanswered: 0",
    ];
    expect(await ask(BOB, "/stats 7d")).toBe(
      ["Stats · last 7 days (UTC) · your teams and you", ...teamSales].join("\n"),
    );
    expect(await ask(ADA, "/stats 7d team sales")).toBe(
      ["Stats · last 7 days (UTC) · team sales", ...teamSales].join("\n"),
    );
    expect((await ask(BOB, "/stats 7d @maria"))?.split("\n")[0]).toBe(
      "Stats · last 7 days (UTC) · @maria in your teams",
    );
    // Team support: @sam took #3 into it and answered after 2h; customer 3 has waited again since 11:30
    // yesterday and their window closes within 2 h.
    expect(await ask(ADA, "/stats team support 7d")).toBe(
      [
        "Stats · last 7 days (UTC) · team support",
        "Now:",
        "Open: 1",
        "In New (whole inbox): 1 · longest waiting 1d",
        "Team queues: support 0",
        "Awaiting a reply: 1 · longest 22h",
        "Windows closing within 2h, unanswered: 1",
        "Open per person: @sam 1",
        "Last 7 days:",
        "New (whole inbox): 4 · closed: 0 · reopened: 0",
        "First response: median 2h · p90 2h (1 answered)",
        "Resolution: nothing closed",
        "Windows closed unanswered: 0",
      ].join("\n"),
    );
  });

  it("refuses what is out of the reader's scope, naming the rule", async () => {
    const { ask } = await handBuiltInbox();
    expect(await ask(MARIA, "/stats @sam")).toBe(
      "Not allowed: agents see only their own figures. Ask a manager of team support or an admin.",
    );
    expect(await ask(MARIA, "/stats team sales")).toBe(
      "Not allowed: agents see only their own figures. Ask a manager of team sales or an admin.",
    );
    expect(await ask(BOB, "/stats @sam")).toBe(
      "Not allowed: managers see the figures of their teams and their members. Ask an admin.",
    );
    expect(await ask(BOB, "/stats team support")).toBe(
      "Not allowed: managers see the figures of their teams and their members. Ask an admin.",
    );
  });

  it("answers bad input with what is wrong", async () => {
    const { ask } = await handBuiltInbox();
    expect(await ask(ADA, "/stats yesterday")).toContain("/stats [today|7d|30d] [@handle|team <name>]");
    expect(await ask(ADA, "/stats @nobody")).toContain("@nobody");
    expect(await ask(ADA, "/stats team nowhere")).toContain("nowhere");
    expect(await ask(ADA, "/stats 7d 30d")).toContain("Give one period");
  });

  it("counts only today's hours for today", async () => {
    const { ask } = await handBuiltInbox();
    const today = (await ask(ADA, "/stats"))?.split("\n") ?? [];
    expect(today[0]).toBe("Stats · today (UTC) · whole inbox");
    // Day 2: nothing new, closed or answered; #1 reopened at 10:00 and #4's window closed at 09:00.
    expect(today.slice(-5)).toEqual([
      "Today:",
      "New: 0 · closed: 0 · reopened: 1",
      "First response: nobody answered yet",
      "Resolution: nothing closed",
      "Windows closed unanswered: 1",
    ]);
  });

  it("counts a window that closed unanswered once, however it ends", async () => {
    const { e, ask } = await handBuiltInbox();
    expect(await ask(ADA, "/stats")).toContain("Windows closed unanswered: 1");
    // Customer 4 writes again after the sweep counted their closed window: still one.
    await e.write(C(4), "Hello?");
    expect(await ask(ADA, "/stats")).toContain("Windows closed unanswered: 1");
    // #3's window closes at 11:30 with customer 3 waiting; @sam closes it at 12:00: one more.
    e.clock.advance(2 * HOUR_MS);
    await ask(SAM, "/close #3");
    expect(await ask(ADA, "/stats")).toContain("Windows closed unanswered: 2");
    expect(await ask(ADA, "/stats")).toContain("Windows closed unanswered: 2");
  });

  it("fits one WhatsApp message however many people have conversations", async () => {
    const { e, ask } = await handBuiltInbox();
    const now = e.clock.now();
    // 300 more agents with one open conversation each, written straight into the tables.
    for (let i = 0; i < 300; i++) {
      const person = e.db
        .insert(staff)
        .values({ handle: `agent_number_${i}`, role: "agent", createdAt: now })
        .returning()
        .get();
      const contact = e.db
        .insert(contacts)
        .values({ waId: `1666000${i}`, createdAt: now, updatedAt: now })
        .returning()
        .get();
      e.db
        .insert(conversations)
        .values({
          contactId: contact.id,
          status: "open",
          assigneeId: person.id,
          lastActivityAt: now,
          createdAt: now,
        })
        .run();
    }
    e.db.insert(settings).values({ key: "language", value: "es" }).run();
    const answer = (await ask(ADA, "/stats 30d")) ?? "";
    expect(answer.split("\n")[0]).toBe("Estadísticas · últimos 30 días (UTC) · toda la bandeja");
    expect(answer).toContain("Abiertas: 303");
    expect(answer.length).toBeLessThanOrEqual(4096);
    // Most first, then by handle; the tail is cut to fit and counted.
    expect(answer).toMatch(
      /\nAbiertas por persona: @agent_number_0 1 · @agent_number_1 1 · .* · y \d+ más\n/,
    );
    expect(answer.endsWith("Ventanas cerradas sin respuesta: 1")).toBe(true);
  });

  it("gives the same figures after an upgrade: the migration's backfill counts what the triggers counted", async () => {
    const { e, ask } = await handBuiltInbox();
    const before = await ask(ADA, "/stats 7d");
    // Forget every counter, as an inbox from before migrations/0009 has none, and run its backfill.
    const migration = readFileSync(new URL("../../../migrations/0009_stats.sql", import.meta.url), "utf8");
    const backfill = migration.slice(migration.indexOf("-- What the inbox already holds"));
    e.db.run(sql`delete from stats_open`);
    e.db.run(sql`delete from stats_hours`);
    e.db.run(sql`delete from stats_days`);
    e.db.run(sql`delete from stats_sweep`);
    e.db.run(
      sql`update conversations set opened_at = null, first_response_at = null, window_missed_at = null`,
    );
    for (const statement of backfill.split("--> statement-breakpoint")) {
      e.db.run(sql.raw(statement.replace("unixepoch('now') * 1000", String(e.clock.now()))));
    }
    expect(await ask(ADA, "/stats 7d")).toBe(before);
    expect(before).toContain("First response: median 30m · p90 2h (3 answered)");
  });
});
