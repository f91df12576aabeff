// What the page's phone headers say about the bot's state: a customer's conversation (#N, owner, team,
// window) and a staff member's handle, role, teams and own window. Read-only queries of the bot's
// database, so the header shows the bot's truth rather than a second bookkeeping that could disagree.
import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { formatWindow, windowState } from "../domain/window.js";
import type { InboxDb } from "../store/db.js";
import { contacts, conversations, staff, teamMembers, teams } from "../store/schema.js";

const assignee = alias(staff, "assignee");

/** "#1 · open · @maria · sales" and its window line; null while the customer has no conversation. */
export function customerHeader(
  db: InboxDb,
  waId: string,
  now: number,
): { title: string; window: string } | null {
  const row = db
    .select({
      id: conversations.id,
      status: conversations.status,
      windowExpiresAt: conversations.windowExpiresAt,
      handle: assignee.handle,
      team: teams.name,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(eq(contacts.waId, waId))
    .orderBy(desc(conversations.id))
    .limit(1)
    .get();
  if (!row) return null;
  const owner = row.handle ? `@${row.handle}` : row.team ? `team ${row.team} queue` : "New";
  const team = row.handle && row.team ? ` · ${row.team}` : "";
  return {
    title: `#${row.id} · ${row.status} · ${owner}${team}`,
    window: formatWindow(windowState(row.windowExpiresAt, now)),
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
