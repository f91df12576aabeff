// Writing to the customer (/reply, a quote-reply, /template) and to the team (/note). Only the owner
// writes to the customer, so two people never answer one customer (SPEC §5); free-form text outside the
// 24-hour window is refused here, before anything reaches Meta (SPEC §3). A failed delivery is reported
// to requestedByStaffId by the outbox and the status webhook path.
import { checkCanMessageCustomer } from "../../domain/lifecycle.js";
import { ownerOf } from "../../domain/policy.js";
import { formatWindow, windowState } from "../../domain/window.js";
import { contactAddress, contactLabel } from "../../inbox/identities.js";
import { markSeen } from "../../inbox/seen-signals.js";
import { messageSnippet } from "../../inbox/snippet.js";
import { tellStaffById, tellTeam } from "../../inbox/staff-notices.js";
import { enqueueToCustomer } from "../../outbox/enqueue.js";
import { TEXT_LIMIT, textMessage } from "../../outbox/payload.js";
import type { GraphMessage } from "../../whatsapp/graph-client.js";
import type { ApprovedTemplate } from "../../whatsapp/templates.js";
import type { Command } from "../command.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import {
  type ConversationView,
  facts,
  recordHistory,
  resolveConversation,
  textsOf,
  toldLine,
} from "../lookup.js";
import { allowOn, stateRefusal, touchActivity, windowAdvice } from "./conversation-common.js";
import { planTemplateSend } from "./templates.js";

type TemplateCommand = Extract<Command, { name: "template" }>;

export const REPLY_HANDLERS: Pick<HandlerMap, "reply" | "template" | "note"> = {
  reply: (ctx, command) => sendText(ctx, resolveConversation(ctx, command.conv), command.text, "reply"),
  template: (ctx, command) => sendTemplate(ctx, resolveConversation(ctx, command.conv), command),
  note: (ctx, command) => {
    const view = resolveConversation(ctx, command.conv);
    const { conv } = view;
    const t = textsOf(ctx);
    allowOn(ctx, conv.id, { kind: "note", conv: facts(conv) });
    recordHistory(ctx, conv.id, { action: "note", note: command.text });
    // Never the customer: a note goes to the owner and the team, minus whoever wrote it.
    const text = t.noteFrom({ n: conv.id, by: `@${ctx.actor.handle}`, text: command.text });
    const base = { now: ctx.now, conversationId: conv.id, options: ctx.options };
    const told: (string | null)[] = [];
    const done = new Set<number>([ctx.actor.id]);
    const owner = ownerOf(facts(conv));
    if (owner !== null && !done.has(owner)) {
      told.push(tellStaffById(ctx.tx, owner, text, base));
      done.add(owner);
    }
    if (conv.teamId !== null)
      told.push(...tellTeam(ctx.tx, conv.teamId, text, { ...base, except: [...done] }));
    return {
      // No window: a note never reaches the customer (SPEC §16, the window only where it matters).
      answer: t.noteSaved({ n: conv.id, told: toldLine(told, t) }),
      conversationId: conv.id,
    };
  },
};

/** Plain text quoting a forwarded customer message: the same as /reply, with the quote's own refusal. */
export function relayQuotedReply(ctx: CommandContext, conversationId: number, text: string): CommandResult {
  return sendText(ctx, resolveConversation(ctx, conversationId), text, "quote_reply");
}

/** Owner, open conversation, open window: in that order, so each refusal names the first real obstacle. */
export function checkCanWrite(
  ctx: CommandContext,
  view: ConversationView,
  kind: "reply" | "quote_reply",
): string {
  const { conv, contact } = view;
  allowOn(ctx, conv.id, { kind, conv: facts(conv) });
  const state = checkCanMessageCustomer(facts(conv));
  if (!state.ok) throw stateRefusal(ctx, conv, state.problem, "write");
  const address = contactAddress(contact);
  if (address === null) throw new Refusal(textsOf(ctx).noAddress({ n: conv.id }));
  return address;
}

function sendText(
  ctx: CommandContext,
  view: ConversationView,
  text: string,
  kind: "reply" | "quote_reply",
): CommandResult {
  const { conv } = view;
  const t = textsOf(ctx);
  const recipient = checkCanWrite(ctx, view, kind);
  const window = windowState(conv.windowExpiresAt, ctx.now);
  if (!window.open) throw new Refusal(`#${conv.id} ${windowAdvice(ctx, conv)}`);
  // Refused rather than cut: a reply that silently loses its end says something the sender did not.
  if (text.length > TEXT_LIMIT) {
    throw new Refusal(t.tooLong({ n: conv.id, length: text.length, limit: TEXT_LIMIT }));
  }
  enqueueToCustomer(ctx.tx, {
    now: ctx.now,
    conversationId: conv.id,
    recipient,
    message: textMessage(text),
    // The dispatcher checks the window again right before sending: it may close while this waits.
    freeForm: true,
    requestedByStaffId: ctx.actor.id,
    purpose: "reply",
  });
  // SPEC §12: the owner's reply goes out, and the customer sees their message read.
  markSeen(ctx.tx, { conversationId: conv.id, now: ctx.now, typing: false });
  recordHistory(ctx, conv.id, { action: "replied", note: messageSnippet("text", null, text) });
  touchActivity(ctx, conv);
  // SPEC §4: a relayed reply gets no "sent" message; a failure is reported when it happens.
  return { answer: null, conversationId: conv.id };
}

// Meta refuses template parameters with newlines, tabs or more than four spaces in a row (132018);
// saying so here is clearer than a Graph error after the fact.
const BAD_TEMPLATE_PARAM = /[\r\n\t]| {5,}/;

function sendTemplate(ctx: CommandContext, view: ConversationView, command: TemplateCommand): CommandResult {
  const { conv, contact } = view;
  const t = textsOf(ctx);
  const recipient = checkCanWrite(ctx, view, "reply");
  if (command.params.some((p) => BAD_TEMPLATE_PARAM.test(p)))
    throw new Refusal(t.badTemplateParam({ n: conv.id }));
  const plan = planTemplateSend(ctx, conv.id, {
    name: command.template,
    language: command.language,
    params: command.params,
  });
  // Returned, not thrown: the refresh the check may have asked for must outlive the refusal.
  if (!plan.ok) return { answer: plan.refusal, conversationId: null };
  const { language } = plan;
  enqueueToCustomer(ctx.tx, {
    now: ctx.now,
    conversationId: conv.id,
    recipient,
    message: templateMessage(command.template, language, command.params, plan.template),
    // Templates are the way back into a closed window, so the window is not checked for them.
    freeForm: false,
    requestedByStaffId: ctx.actor.id,
    purpose: "template",
  });
  const params = command.params.length > 0 ? `: ${command.params.join(" | ")}` : "";
  recordHistory(ctx, conv.id, { action: "template", note: `${command.template} (${language})${params}` });
  touchActivity(ctx, conv);
  const window = windowState(conv.windowExpiresAt, ctx.now);
  return {
    answer: t.templateQueued({
      n: conv.id,
      name: command.template,
      language,
      to: contactLabel(contact),
      window: formatWindow(window, t),
      closed: !window.open,
    }),
    conversationId: conv.id,
  };
}

/**
 * The Graph body of an approved template. Without its approved shape (no list to check against), every
 * parameter goes to the body, in order. With it, the header's come first, and a named template's carry
 * their `parameter_name`.
 */
export function templateMessage(
  name: string,
  language: string,
  params: readonly string[],
  shape: Pick<ApprovedTemplate, "parameters" | "headerParameters" | "named"> | null = null,
): GraphMessage {
  const inHeader = shape?.headerParameters ?? 0;
  const parameter = (text: string, i: number) => {
    const parameterName = shape?.named ? shape.parameters[i] : undefined;
    return parameterName === undefined
      ? { type: "text", text }
      : { type: "text", parameter_name: parameterName, text };
  };
  const all = params.map(parameter);
  const components = [
    { type: "header", parameters: all.slice(0, inHeader) },
    { type: "body", parameters: all.slice(inHeader) },
  ].filter((c) => c.parameters.length > 0);
  return {
    type: "template",
    template: { name, language: { code: language }, ...(components.length > 0 ? { components } : {}) },
  };
}
