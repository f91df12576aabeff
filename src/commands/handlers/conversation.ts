// Commands that move one conversation: /assign (assign.ts), /unassign, /close, /reopen. Each asks the
// policy (may this person?), then the lifecycle (is it possible, and what changes?), then writes the new
// state with one guarded UPDATE, records the history and tells the people SPEC §6 names.
import { closeConversation, reopenConversation, unassignConversation } from "../../domain/lifecycle.js";
import { ownerOf } from "../../domain/policy.js";
import { markSeen } from "../../inbox/seen-signals.js";
import { tellNewQueue, tellStaffById, tellTeam } from "../../inbox/staff-notices.js";
import type { CommandContext, HandlerMap } from "../context.js";
import {
  type ConversationView,
  facts,
  resolveConversation,
  staffById,
  textsOf,
  toldLine,
} from "../lookup.js";
import { assignHandler } from "./assign.js";
import {
  allowOn,
  detailLines,
  ensureNoOtherOpen,
  placeOf,
  recordTransition,
  stateRefusal,
  windowAdvice,
  writeState,
} from "./conversation-common.js";

export const CONVERSATION_HANDLERS: Pick<HandlerMap, "assign" | "unassign" | "close" | "reopen"> = {
  assign: assignHandler,

  unassign: (ctx, command) => {
    const view = resolveConversation(ctx, command.conv);
    const { conv } = view;
    const t = textsOf(ctx);
    allowOn(ctx, conv.id, { kind: "unassign", conv: facts(conv) });
    const transition = unassignConversation(facts(conv));
    if (!transition.ok) throw stateRefusal(ctx, conv, transition.problem);
    const updated = writeState(ctx, conv, transition.state);
    recordTransition(ctx, conv.id, transition.history);

    const where = placeOf(ctx, updated);
    const by = `@${ctx.actor.handle}`;
    const base = { now: ctx.now, conversationId: conv.id, options: ctx.options };
    const told: (string | null)[] = [];
    const done = new Set<number>([ctx.actor.id]);
    if (conv.assigneeId !== null && !done.has(conv.assigneeId)) {
      told.push(tellStaffById(ctx.tx, conv.assigneeId, t.noticeUnassigned({ n: conv.id, by, where }), base));
      done.add(conv.assigneeId);
    }
    const headline = t.noticeBackInQueue({ n: conv.id, by, where });
    told.push(...tellQueue(ctx, { ...view, conv: updated }, headline, done));
    return {
      // No window: the next step is whoever takes it, and their notice shows it (SPEC §16).
      answer: t.unassigned({ n: conv.id, where, told: toldLine(told, t) }),
      conversationId: conv.id,
    };
  },

  close: (ctx, command) => {
    const view = resolveConversation(ctx, command.conv);
    const { conv } = view;
    const t = textsOf(ctx);
    allowOn(ctx, conv.id, { kind: "close", conv: facts(conv) });
    const transition = closeConversation(facts(conv));
    if (!transition.ok) throw stateRefusal(ctx, conv, transition.problem);
    writeState(ctx, conv, transition.state);
    recordTransition(ctx, conv.id, transition.history, command.note);

    const told: (string | null)[] = [];
    // SPEC §6: a close by someone else is news to the owner.
    if (conv.assigneeId !== null && conv.assigneeId !== ctx.actor.id) {
      const text = t.noticeClosedBy({ n: conv.id, by: `@${ctx.actor.handle}`, note: command.note });
      told.push(
        tellStaffById(ctx.tx, conv.assigneeId, text, {
          now: ctx.now,
          conversationId: conv.id,
          options: ctx.options,
        }),
      );
    }
    // SPEC §16: no window on a close; it matters again only if the conversation reopens.
    return { answer: t.closed({ n: conv.id, told: toldLine(told, t) }), conversationId: conv.id };
  },

  reopen: (ctx, command) => {
    const view = resolveConversation(ctx, command.conv);
    const { conv } = view;
    const t = textsOf(ctx);
    allowOn(ctx, conv.id, { kind: "reopen", conv: facts(conv) });
    const owner = ownerOf(facts(conv));
    const ownerRow = owner === null ? undefined : staffById(ctx.tx, owner);
    const available = ownerRow?.active === true && !ownerRow.away;
    const transition = reopenConversation(facts(conv), { available });
    if (!transition.ok) throw stateRefusal(ctx, conv, transition.problem);
    ensureNoOtherOpen(ctx, view);
    const updated = writeState(ctx, conv, transition.state);
    recordTransition(ctx, conv.id, transition.history);

    const after: ConversationView = { ...view, conv: updated };
    const by = `@${ctx.actor.handle}`;
    // SPEC §17 item 6: reopened to its previous owner is a take; typing only when they reopened it.
    if (updated.assigneeId !== null) {
      markSeen(ctx.tx, {
        conversationId: conv.id,
        now: ctx.now,
        typing: updated.assigneeId === ctx.actor.id,
      });
    }
    const told: (string | null)[] = [];
    const done = new Set<number>([ctx.actor.id]);
    if (updated.assigneeId !== null && !done.has(updated.assigneeId)) {
      const text = [t.noticeReopenedYours({ n: conv.id, by }), ...detailLines(ctx, after)].join("\n");
      told.push(
        tellStaffById(ctx.tx, updated.assigneeId, text, {
          now: ctx.now,
          conversationId: conv.id,
          options: ctx.options,
          buttons: { kind: "show_close", n: conv.id },
        }),
      );
    }
    const where = placeOf(ctx, updated);
    if (updated.assigneeId === null) {
      told.push(...tellQueue(ctx, after, t.noticeReopenedInto({ n: conv.id, by, where }), done));
    }
    const p = { n: conv.id, where, told: toldLine(told, t), window: windowAdvice(ctx, updated) };
    let answer: string;
    if (updated.assigneeId === ctx.actor.id) answer = t.reopenedYours(p);
    else if (updated.assigneeId !== null) answer = t.reopenedBackWith(p);
    else answer = t.reopenedIntoQueue(p);
    return { answer, conversationId: conv.id };
  },
};

/** A conversation nobody owns: its team's available members, or everyone who may pick up from New. */
function tellQueue(
  ctx: CommandContext,
  view: ConversationView,
  headline: string,
  done: ReadonlySet<number>,
): string[] {
  const { conv } = view;
  const t = textsOf(ctx);
  const text = [headline, ...detailLines(ctx, view), t.noticeTakeIt({ n: conv.id })].join("\n");
  const buttons = { kind: "take_show", n: conv.id } as const;
  if (conv.teamId !== null) {
    const base = { now: ctx.now, conversationId: conv.id, options: ctx.options, buttons };
    return tellTeam(ctx.tx, conv.teamId, text, { ...base, except: [...done] });
  }
  return tellNewQueue(ctx.tx, text, {
    now: ctx.now,
    conversationId: conv.id,
    options: ctx.options,
    except: done,
    buttons,
  });
}
