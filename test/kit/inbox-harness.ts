// An Inbox on a real in-memory SQLite database with a clock the test moves.
import { createHash } from "node:crypto";
import { manualClock } from "../../src/clock.js";
import { Inbox, type StaffChannel } from "../../src/inbox/inbox.js";
import { type Notifier, silentNotifier } from "../../src/inbox/notifier.js";
import type { InboxOptions } from "../../src/inbox/options.js";
import { silentLogger } from "../../src/log.js";
import { openNodeDatabase } from "../../src/store/open-node.js";
import { TEST_PHONE_NUMBER_ID } from "./fixtures.js";

export const ignoringStaffChannel: StaffChannel = { staffMessage: () => {}, strangerInGroup: () => {} };

export function createTestInbox(
  overrides: {
    file?: string;
    options?: Partial<InboxOptions>;
    notifier?: Notifier;
    staffChannel?: StaffChannel;
    start?: number;
  } = {},
) {
  const opened = openNodeDatabase(overrides.file ?? ":memory:");
  const clock = manualClock(overrides.start);
  const options: InboxOptions = {
    phoneNumberId: TEST_PHONE_NUMBER_ID,
    reopenWindowHours: 24,
    staffGroupId: null,
    staffNotifyTemplate: null,
    ...overrides.options,
  };
  const inbox = new Inbox(opened.db, {
    clock,
    log: silentLogger,
    options,
    notifier: overrides.notifier ?? silentNotifier,
    staffChannel: overrides.staffChannel ?? ignoringStaffChannel,
  });
  /** Stores a body as the webhook route would, then processes it. */
  const deliver = (body: unknown) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const stored = inbox.storeRawEvent(text, createHash("sha256").update(text).digest("hex"));
    const counts = inbox.processEvent(stored.id);
    return { stored, counts };
  };
  const store = (body: unknown) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return inbox.storeRawEvent(text, createHash("sha256").update(text).digest("hex"));
  };
  return { inbox, db: opened.db, sqlite: opened.sqlite, close: opened.close, clock, options, deliver, store };
}

/** Unix seconds of the manual clock, as Meta writes timestamps. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
