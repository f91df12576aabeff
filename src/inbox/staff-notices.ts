// Telling staff things (SPEC §6). Every call runs inside the transaction of the change it reports, so a
// notice exists exactly when the change committed. Returns who was told, for the actor's answer.
import { and, eq, inArray } from "drizzle-orm";
import { enqueueToGroup, enqueueToStaff, type StaffPurpose } from "../outbox/enqueue.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { staff, teamMembers } from "../store/schema.js";
import { inboxTexts } from "../texts/stored-language.js";

export { inboxTexts };

import type { GraphMessage } from "../whatsapp/graph-client.js";
import type { StaffRow } from "./identities.js";
import {
  type NoticeButtons,
  noticeInteractive,
  splitForButtons,
  withCommandsToType,
} from "./notice-buttons.js";
import type { InboxOptions } from "./options.js";

export type NoticeOptions = {
  now: number;
  conversationId: number | null;
  options: Pick<InboxOptions, "staffNotifyTemplate">;
  purpose?: StaffPurpose;
  sourceMessageId?: number | null;
  /** Reply buttons for a 1:1 chat with an open window (SPEC §12); the staff group never gets them. */
  buttons?: NoticeButtons;
};

export function tellStaff(tx: InboxDb, person: StaffRow, text: string, o: NoticeOptions): string {
  const one = (part: string, interactive: GraphMessage | null) =>
    enqueueToStaff(tx, {
      now: o.now,
      staff: person,
      text: part,
      conversationId: o.conversationId,
      purpose: o.purpose ?? "notify",
      sourceMessageId: o.sourceMessageId ?? null,
      notifyTemplate: o.options.staffNotifyTemplate,
      interactive,
    });
  const windowOpen = person.windowExpiresAt !== null && person.windowExpiresAt > o.now;
  // Over the 1,024 characters a message with buttons holds: the text goes first, the rest follows
  // under the buttons (SPEC §12: never cut). Only in an open window: a template or a held notice is whole.
  const split = o.buttons !== undefined && windowOpen ? splitForButtons(text) : null;
  if (split !== null && o.buttons !== undefined) {
    const fallback = withCommandsToType(tx, split.rest, o.buttons);
    const rest = noticeInteractive(tx, split.rest, o.buttons, { alone: true, fallback });
    if (rest !== null) {
      one(split.head, null);
      one(fallback, rest);
      return `@${person.handle}`;
    }
  }
  if (o.buttons === undefined) {
    one(text, null);
    return `@${person.handle}`;
  }
  // With buttons the text need not name the commands; as text (no buttons, a template, held, folded) it
  // does (SPEC §17.5).
  const typed = withCommandsToType(tx, text, o.buttons);
  one(typed, noticeInteractive(tx, text, o.buttons, { fallback: typed }));
  return `@${person.handle}`;
}

export function tellStaffById(tx: InboxDb, staffId: number, text: string, o: NoticeOptions): string | null {
  const person = hot(tx).staffById.get({ id: staffId });
  if (!person?.active) return null;
  return tellStaff(tx, person, text, o);
}

/** Active members of a team; `available` leaves out those who are away (they get no new work). */
export function teamMembersOf(tx: InboxDb, teamId: number, available: boolean): StaffRow[] {
  // A subquery, not a list of ids: a Durable Object's SQLite takes at most 100 bound parameters.
  const members = tx
    .select({ id: teamMembers.staffId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId));
  const conditions = [inArray(staff.id, members), eq(staff.active, true)];
  if (available) conditions.push(eq(staff.away, false));
  return tx
    .select()
    .from(staff)
    .where(and(...conditions))
    .orderBy(staff.id)
    .all();
}

export function tellTeam(
  tx: InboxDb,
  teamId: number,
  text: string,
  o: NoticeOptions & { except?: readonly number[] },
): string[] {
  const except = new Set(o.except ?? []);
  return teamMembersOf(tx, teamId, true)
    .filter((m) => !except.has(m.id))
    .map((m) => tellStaff(tx, m, text, o));
}

/**
 * A conversation in New: the staff group when there is one, else every available staff member (every
 * role may see New and self-assign from it), leaving out `except` (people who already know, such as
 * the actor). The staff group cannot leave anyone out, so it still gets its one message.
 */
export function tellNewQueue(
  tx: InboxDb,
  text: string,
  o: NoticeOptions & {
    options: Pick<InboxOptions, "staffNotifyTemplate" | "staffGroupId">;
    except?: Iterable<number>;
  },
): string[] {
  if (o.options.staffGroupId) {
    enqueueToGroup(tx, {
      now: o.now,
      groupId: o.options.staffGroupId,
      text,
      conversationId: o.conversationId,
    });
    return [inboxTexts(tx).staffGroup()];
  }
  const except = new Set(o.except ?? []);
  return hot(tx)
    .availableStaff.all()
    .filter((m) => !except.has(m.id))
    .map((m) => tellStaff(tx, m, text, o));
}
