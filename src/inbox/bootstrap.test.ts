// INBOX_ADMINS at start (SPEC §1): admins are created once, and a restart never changes an existing row.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { parseAdminList, parseConfig } from "../config.js";
import { memoryLogger } from "../log.js";
import { startPipeline } from "../runtime/node/pipeline.js";
import { type OpenedDb, openNodeDatabase } from "../store/open-node.js";
import { staff } from "../store/schema.js";
import { bootstrapAdmins } from "./bootstrap.js";

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

let opened: OpenedDb;
beforeEach(() => {
  opened = openNodeDatabase(":memory:");
});
afterEach(() => {
  opened.close();
});

const rows = () => opened.db.select().from(staff).orderBy(asc(staff.id)).all();

function admins(value: string) {
  const parsed = parseAdminList(value);
  expect(parsed.problems).toEqual([]);
  return parsed.admins;
}

describe("bootstrapAdmins", () => {
  it("creates each listed admin once, however often it runs", () => {
    const list = admins("ada:+15550000001");
    expect(bootstrapAdmins(opened.db, list, NOW)).toEqual(["ada"]);
    expect(bootstrapAdmins(opened.db, list, NOW + 1000)).toEqual([]);
    expect(rows()).toEqual([
      {
        id: 1,
        handle: "ada",
        phone: "+15550000001",
        waId: "15550000001",
        bsuid: null,
        role: "admin",
        active: true,
        away: false,
        windowExpiresAt: null,
        createdAt: NOW,
        removedAt: null,
      },
    ]);
  });

  it("gives bare phone numbers, with or without +, the handles admin, admin2, …", () => {
    const list = admins("15550000001, +15550000002,bob:+15550000003");
    expect(bootstrapAdmins(opened.db, list, NOW)).toEqual(["admin", "admin2", "bob"]);
    expect(rows().map((r) => [r.handle, r.phone, r.role])).toEqual([
      ["admin", "+15550000001", "admin"],
      ["admin2", "+15550000002", "admin"],
      ["bob", "+15550000003", "admin"],
    ]);
  });

  it("numbers a handle that someone else already has", () => {
    opened.db
      .insert(staff)
      .values({ handle: "ada", phone: "+15550000009", role: "agent", createdAt: 1 })
      .run();
    opened.db
      .insert(staff)
      .values({ handle: "ada2", phone: "+15550000008", role: "agent", createdAt: 1 })
      .run();
    opened.db
      .insert(staff)
      .values({ handle: "admin", phone: "+15550000007", role: "agent", createdAt: 1 })
      .run();
    expect(bootstrapAdmins(opened.db, admins("ada:+15550000001,15550000002"), NOW)).toEqual([
      "ada3",
      "admin2",
    ]);
  });

  it("never changes an existing row: a demoted or removed admin stays so", () => {
    bootstrapAdmins(opened.db, admins("ada:+15550000001,bob:+15550000002,cy:+15550000003"), NOW);
    opened.db.update(staff).set({ role: "agent" }).where(eq(staff.handle, "bob")).run();
    opened.db
      .update(staff)
      .set({ active: false, removedAt: NOW + 5 })
      .where(eq(staff.handle, "cy"))
      .run();
    opened.db.update(staff).set({ handle: "ada.l" }).where(eq(staff.handle, "ada")).run();
    const before = rows();
    expect(
      bootstrapAdmins(opened.db, admins("ada:+15550000001,bob:+15550000002,cy:+15550000003"), NOW + 9),
    ).toEqual([]);
    expect(rows()).toEqual(before);
  });

  it("recognises a person known only by the wa_id they wrote from", () => {
    opened.db.insert(staff).values({ handle: "ada", waId: "15550000001", role: "agent", createdAt: 1 }).run();
    const before = rows();
    expect(bootstrapAdmins(opened.db, admins("boss:+15550000001"), NOW)).toEqual([]);
    expect(rows()).toEqual(before);
  });
});

describe("INBOX_ADMINS over real restarts", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "inbox-bootstrap-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps one row per admin, and a demotion made by command survives the restart", async () => {
    const file = join(dir, "inbox.db");
    const parsed = parseConfig({
      WHATSAPP_APP_SECRET: "s",
      WHATSAPP_VERIFY_TOKEN: "v",
      WHATSAPP_ACCESS_TOKEN: "t",
      WHATSAPP_PHONE_NUMBER_ID: "123",
      INBOX_ADMINS: "ada:+15550000001,+15550000002",
    });
    if (!parsed.ok) throw new Error("bad config");
    const start = async () => {
      const bot = await startPipeline({
        config: parsed.config,
        log: memoryLogger(),
        inbox: {
          clock: manualClock(),
          fetch: () => Promise.reject(new Error("no network in this test")),
          open: () => openNodeDatabase(file),
          timers: false,
        },
      });
      if (bot.local === null) throw new Error("in-process Inbox side expected");
      return { db: bot.local.db, stop: bot.stop };
    };

    const first = await start();
    first.db.update(staff).set({ role: "manager" }).where(eq(staff.handle, "admin")).run();
    const before = first.db.select().from(staff).orderBy(asc(staff.id)).all();
    await first.stop();

    const second = await start();
    const after = second.db.select().from(staff).orderBy(asc(staff.id)).all();
    await second.stop();
    expect(before.map((r) => [r.handle, r.role])).toEqual([
      ["ada", "admin"],
      ["admin", "manager"],
    ]);
    expect(after).toEqual(before);
  });
});
