// /show [#N]: one conversation on one screen (SPEC §4): customer, status, owner, team, window, the last
// messages and the last changes. The answer carries the conversation's id, so quoting it targets it.
import { ownerOf } from "../../domain/policy.js";
import { formatAge } from "../../domain/window.js";
import { messageSnippet } from "../../inbox/snippet.js";
import { TEXT_LIMIT, truncate } from "../../outbox/payload.js";
import {
  type DetailEvent,
  type DetailMessage,
  latestEvents,
  latestMessages,
} from "../../store/conversation-detail.js";
import type { CommandContext, CommandResult } from "../context.js";
import {
  allow,
  type ConversationView,
  facts,
  resolveConversation,
  staffById,
  teamName,
  titleOf,
  windowOf,
} from "../lookup.js";

export const SHOW_MESSAGES = 5;
export const SHOW_EVENTS = 8;

const DELIVERY: Record<string, string> = {
  pending: "sending…",
  sent: "✓ sent",
  delivered: "✓✓ delivered",
  read: "read",
  played: "played",
  failed: "failed",
};

export function showConversation(ctx: CommandContext, conv: number | null): CommandResult {
  const view = resolveConversation(ctx, conv);
  allow(ctx, { kind: "see", conv: facts(view.conv) });
  const id = view.conv.id;
  const messages = latestMessages(ctx.tx, id, SHOW_MESSAGES);
  const events = latestEvents(ctx.tx, id, SHOW_EVENTS);

  const lines = [titleOf(view), statusLine(ctx, view), windowOf(view, ctx.now)];
  if (messages.items.length === 0) lines.push("No messages yet.");
  else lines.push(messages.more ? `Last ${SHOW_MESSAGES} messages:` : "Messages:");
  lines.push(...messages.items.map((m) => messageLine(m, ctx.now)));
  if (events.items.length > 0) lines.push(events.more ? `Last ${SHOW_EVENTS} changes:` : "History:");
  lines.push(...events.items.map((e) => eventLine(e, ctx.now)));
  // Every part is clipped already; this only guards WhatsApp's limit against a pathological name.
  return { answer: truncate(lines.join("\n"), TEXT_LIMIT), conversationId: id };
}

/** "Open · owner: @maria · team: sales" or "Closed 2h ago · owner: nobody · team: none". */
function statusLine(ctx: CommandContext, view: ConversationView): string {
  const { conv } = view;
  const status =
    conv.status === "open"
      ? "Open"
      : `Closed${conv.closedAt === null ? "" : ` ${ago(ctx.now - conv.closedAt)}`}`;
  const ownerId = ownerOf(facts(conv));
  const owner = ownerId === null ? undefined : staffById(ctx.tx, ownerId);
  const ownerLabel = owner ? `@${owner.handle}${owner.active ? "" : " (removed)"}` : "nobody";
  const team = conv.teamId === null ? "none" : (teamName(ctx.tx, conv.teamId) ?? `#${conv.teamId}`);
  return `${status} · owner: ${ownerLabel} · team: ${team}`;
}

/** "← 5m ago · Hi" for the customer; "→ 2m ago · @maria · On its way · ✓✓ delivered" for us. */
function messageLine(m: DetailMessage, now: number): string {
  const snippet = messageSnippet(m.type, m.subtype, m.text) || "—";
  if (m.direction === "in") return `← ${ago(now - m.timestamp)} · ${snippet}`;
  const who = m.staffHandle === null ? "bot" : `@${m.staffHandle}`;
  const delivery = m.status === null ? "" : ` · ${DELIVERY[m.status] ?? m.status}`;
  return `→ ${ago(now - m.timestamp)} · ${who} · ${snippet}${delivery}`;
}

/** "5m ago @bob assigned: New → @maria", with the note after a "·". */
function eventLine(e: DetailEvent, now: number): string {
  const actor = e.actorHandle === null ? "" : `@${e.actorHandle} `;
  const from = e.fromValue === null ? null : truncate(e.fromValue, 40);
  const to = e.toValue === null ? null : truncate(e.toValue, 40);
  let change = "";
  if (from !== null && to !== null) change = `: ${from} → ${to}`;
  else if (to !== null) change = `: ${to}`;
  else if (from !== null) change = `: was ${from}`;
  const note = e.note ? ` · ${truncate(e.note.replace(/\s+/g, " ").trim(), 120)}` : "";
  return `${ago(now - e.at)} ${actor}${e.action}${change}${note}`;
}

function ago(ms: number): string {
  const age = formatAge(ms);
  return age === "now" ? "just now" : `${age} ago`;
}
