// What the page's phone headers say about the bot's state: a customer's conversation (#N, owner, team,
// window) and a staff member's handle, role, teams and own window. Read-only queries of the bot's
// database, so the header shows the bot's truth rather than a second bookkeeping that could disagree.
import { and, desc, eq } from "drizzle-orm";
import { ownerOf } from "../domain/policy.js";
import { formatWindow, windowState } from "../domain/window.js";
import type { InboxDb } from "../store/db.js";
import { contacts, conversations, staff, teamMembers, teams } from "../store/schema.js";

/**
 * "#1 · open · @maria · sales" and its window line; null while the customer has no conversation.
 * The owner is the bot's own ownerOf, as /show has it: a closed conversation still names who had it when
 * it closed ("#1 · closed · @bob · sales"), and only an open one waits in "New" or a "team sales queue".
 */
export function customerHeader(
  db: InboxDb,
  waId: string,
  now: number,
): { title: string; window: string } | null {
  const conv = db
    .select({
      id: conversations.id,
      status: conversations.status,
      windowExpiresAt: conversations.windowExpiresAt,
      assigneeId: conversations.assigneeId,
      previousAssigneeId: conversations.previousAssigneeId,
      teamId: conversations.teamId,
      team: teams.name,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(eq(contacts.waId, waId))
    .orderBy(desc(conversations.id))
    .limit(1)
    .get();
  if (!conv) return null;
  const ownerId = ownerOf(conv);
  const owner =
    ownerId === null
      ? undefined
      : db
          .select({ handle: staff.handle, active: staff.active })
          .from(staff)
          .where(eq(staff.id, ownerId))
          .get();
  const open = conv.status === "open";
  const parts = [`#${conv.id}`, conv.status];
  if (owner)
    parts.push(`@${owner.handle}${owner.active ? "" : " (removed)"}`, ...(conv.team ? [conv.team] : []));
  else if (conv.team) parts.push(open ? `team ${conv.team} queue` : `team ${conv.team}`);
  else parts.push(open ? "New" : "nobody");
  return {
    title: parts.join(" · "),
    window: formatWindow(windowState(conv.windowExpiresAt, now)),
  };
}

/** "@maria · agent · sales" and whether the bot may write to them freely; null if not (yet) staff. */
export function staffHeader(
  db: InboxDb,
  waId: string,
  now: number,
): { title: string; window: string } | null {
  const row = db
    .select()
    .from(staff)
    .where(and(eq(staff.waId, waId), eq(staff.active, true)))
    .get();
  if (!row) return null;
  const teamNames = db
    .select({ name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.staffId, row.id))
    .all()
    .map((t) => t.name)
    .sort();
  const away = row.away ? " · away" : "";
  const state = windowState(row.windowExpiresAt, now);
  return {
    title: `@${row.handle} · ${row.role}${teamNames.length ? ` · ${teamNames.join(", ")}` : ""}${away}`,
    // Staff have windows too (SPEC §3): outside it the bot holds their notices or sends a template.
    window:
      row.windowExpiresAt === null
        ? "has not written to the bot yet · notices held"
        : formatWindow(state).replace(/^window/, "own window"),
  };
}
