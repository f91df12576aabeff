// Writing media rows (SPEC §11), inside the caller's transaction like every enqueue (enqueue.ts). A media
// row is purpose "media": pacing spaces it like any message, but it is never coalesced into a text or
// folded into a "+N more" line (coalesce.ts only joins notices and forwards, and only texts).
import type { MediaJob } from "../media/job.js";
import type { InboxDb } from "../store/db.js";
import { outbox } from "../store/schema.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import type { StaffRecipient } from "./enqueue.js";

export type MediaRowInput = {
  now: number;
  message: GraphMessage;
  /** Null for a location or contacts message: sent as it is, nothing to fetch. */
  job: MediaJob | null;
  conversationId: number | null;
  sourceMessageId: number | null;
};

/**
 * To one staff member: pending while their window is open; otherwise held until they next write (a
 * template cannot carry a photo), when it goes out on its own after their summary (releaseHeld).
 */
export function enqueueMediaToStaff(tx: InboxDb, input: MediaRowInput & { staff: StaffRecipient }): number {
  const { staff } = input;
  const recipient = staff.waId ?? staff.phone ?? staff.bsuid ?? "";
  const open = staff.windowExpiresAt !== null && staff.windowExpiresAt > input.now && recipient !== "";
  return insert(tx, input, { recipient, recipientKind: "staff", staffId: staff.id, held: !open });
}

export function enqueueMediaToGroup(tx: InboxDb, input: MediaRowInput & { groupId: string }): number {
  return insert(tx, input, { recipient: input.groupId, recipientKind: "group", staffId: null, held: false });
}

function insert(
  tx: InboxDb,
  input: MediaRowInput,
  to: { recipient: string; recipientKind: "staff" | "group"; staffId: number | null; held: boolean },
): number {
  return tx
    .insert(outbox)
    .values({
      recipient: to.recipient,
      recipientKind: to.recipientKind,
      staffId: to.staffId,
      conversationId: input.conversationId,
      purpose: "media",
      payload: JSON.stringify(input.message),
      media: input.job === null ? null : JSON.stringify(input.job),
      sourceMessageId: input.sourceMessageId,
      status: to.held ? "held" : "pending",
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .returning({ id: outbox.id })
    .get().id;
}
