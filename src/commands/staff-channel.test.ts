// Issue 18, case 6: a sender in the staff group who is not on the staff list gets one "not on the staff
// list" reply (SPEC §1) and nothing else: once per person per STRANGER_REPLY_INTERVAL_MS, remembered in
// SQLite so that a restart does not repeat it.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../test/kit/e2e.js";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../test/kit/fixtures.js";
import { createTestInbox, seconds } from "../../test/kit/inbox-harness.js";
import type { InboxOptions } from "../inbox/options.js";
import { silentLogger } from "../log.js";
import { conversations, messages, outbox } from "../store/schema.js";
import { createStaffChannel, NOT_STAFF_REPLY, STRANGER_REPLY_INTERVAL_MS } from "./staff-channel.js";

useGraphServer();

const GROUP = "120363000000000001";
const STRANGER = "+15559990001";
const OTHER_STRANGER = "+15559990002";

type E2E = Awaited<ReturnType<typeof startE2E>>;
let e: E2E | null = null;
afterEach(async () => {
  await e?.close();
  e = null;
});

async function withStaffGroup(): Promise<E2E> {
  e = await startE2E({ env: { STAFF_GROUP_ID: GROUP } });
  return e;
}

const repliesInGroup = (t: E2E) => t.sentTo(GROUP).filter((s) => s.text === NOT_STAFF_REPLY);

describe("a stranger in the staff group", () => {
  it("writes 5 messages: one 'not on the staff list' reply, nothing else", async () => {
    const t = await withStaffGroup();
    for (let i = 1; i <= 5; i++) await t.write(STRANGER, `hello ${i}`, { groupId: GROUP });
    expect(repliesInGroup(t)).toHaveLength(1);
    expect(t.sent.filter((s) => s.to.replace(/^\+/, "") !== GROUP)).toEqual([]);
    expect(t.db.select().from(conversations).all()).toEqual([]);
    // Every message is still kept.
    expect(t.db.select().from(messages).all()).toHaveLength(5);
  });

  it("is told once per person: a second stranger gets their own reply", async () => {
    const t = await withStaffGroup();
    await t.write(STRANGER, "hi", { groupId: GROUP });
    await t.write(OTHER_STRANGER, "hi", { groupId: GROUP });
    await t.write(STRANGER, "hi again", { groupId: GROUP });
    await t.write(OTHER_STRANGER, "hi again", { groupId: GROUP });
    expect(repliesInGroup(t)).toHaveLength(2);
  });

  it("is told again once the interval has passed, and not before", async () => {
    const t = await withStaffGroup();
    await t.write(STRANGER, "hi", { groupId: GROUP });
    t.clock.advance(STRANGER_REPLY_INTERVAL_MS - 1);
    await t.write(STRANGER, "still here", { groupId: GROUP });
    expect(repliesInGroup(t)).toHaveLength(1);
    t.clock.advance(1);
    await t.write(STRANGER, "back", { groupId: GROUP });
    expect(repliesInGroup(t)).toHaveLength(2);
  });

  it("is not told again after a restart", () => {
    const file = join(tmpdir(), `stranger-${process.pid}-${Date.now()}.db`);
    const options: InboxOptions = {
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      reopenWindowHours: 24,
      staffGroupId: GROUP,
      staffNotifyTemplate: null,
    };
    const replies: number[] = [];
    try {
      for (let run = 1; run <= 2; run++) {
        // A new Inbox and staff channel on the same file: nothing carried over in memory.
        const staffChannel = createStaffChannel(options, silentLogger);
        const t = createTestInbox({ file, options, staffChannel, start: Date.UTC(2026, 0, 15, 9, run) });
        t.deliver(
          makeTextWebhook({
            from: STRANGER.slice(1),
            id: `wamid.STRANGER.${run}`,
            text: `run ${run}`,
            timestamp: seconds(t.clock.now()),
            groupId: GROUP,
          }),
        );
        const rows = t.db.select({ payload: outbox.payload }).from(outbox).all();
        replies.push(rows.filter((row) => row.payload.includes("not on the staff list")).length);
        t.close();
      }
    } finally {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    }
    expect(replies).toEqual([1, 1]);
  });
});
