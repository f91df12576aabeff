// A staff member's photo, video, voice note, document or sticker to a customer (SPEC §11): it quotes a
// forwarded customer message, or its caption starts with `/reply #N`. The same rules as a text reply
// (owner only, open conversation, open window), checked here inside the message's transaction; the
// outbox then fetches the file from Meta and uploads it again for the customer. The customer gets the
// caption without the command; the sender gets no "sent" message, only a refusal or a failure.

import { eq } from "drizzle-orm";
import { windowState } from "../../domain/window.js";
import { messageSnippet } from "../../inbox/snippet.js";
import { type MediaJob, mediaMessage } from "../../media/job.js";
import { isMediaKind } from "../../media/limits.js";
import { enqueueToCustomer } from "../../outbox/enqueue.js";
import { outbox } from "../../store/schema.js";
import type { InboundMessage } from "../../whatsapp/updates.js";
import { type CommandContext, type CommandResult, Refusal } from "../context.js";
import { quotedBotMessage, recordHistory, resolveConversation, textsOf } from "../lookup.js";
import { touchActivity, windowAdvice } from "./conversation-common.js";
import { checkCanWrite } from "./replies.js";

/** `/reply #12 here is the label` at the start of a caption; the rest is the caption the customer sees. */
const REPLY_PREFIX = /^\s*\/reply\s+#(\d+)(?=\s|$)\s*/i;
const REPLY_WITHOUT_NUMBER = /^\s*\/reply(?=\s|$)/i;

/** Whether this staff message is media this module handles (everything else is text or a command). */
export function isStaffMedia(msg: InboundMessage): boolean {
  return msg.media !== null && isMediaKind(msg.type);
}

export function relayStaffMedia(ctx: CommandContext, msg: InboundMessage): CommandResult {
  const t = textsOf(ctx);
  const media = msg.media;
  if (media === null || !isMediaKind(msg.type)) return { answer: t.mediaHint(), conversationId: null };
  const kind = msg.type;
  const caption = media.caption ?? "";
  const prefix = REPLY_PREFIX.exec(caption);
  let conversationId: number | null = null;
  let shown = caption;
  if (prefix !== null) {
    conversationId = Number(prefix[1]);
    shown = caption.slice(prefix[0].length);
  } else {
    const quoted = quotedBotMessage(ctx.tx, msg.quotedId);
    if (quoted?.purpose === "forward") conversationId = quoted.conversationId;
    else if (REPLY_WITHOUT_NUMBER.test(caption) && quoted === null) {
      return { answer: t.mediaReplyNeedsNumber(), conversationId: null };
    }
  }
  // Quoting nothing, or a notice rather than the customer's words: it goes nowhere (SPEC §17.4).
  if (conversationId === null) return { answer: t.mediaHint(), conversationId: null };

  const view = resolveConversation(ctx, conversationId);
  const { conv } = view;
  const recipient = checkCanWrite(ctx, view, prefix !== null ? "reply" : "quote_reply");
  if (!windowState(conv.windowExpiresAt, ctx.now).open)
    throw new Refusal(`#${conv.id} ${windowAdvice(ctx, conv)}`);

  const text = shown.trim() === "" ? null : shown.trim();
  const { outboxId } = enqueueToCustomer(ctx.tx, {
    now: ctx.now,
    conversationId: conv.id,
    recipient,
    message: mediaMessage(kind, text, media.filename),
    freeForm: true,
    requestedByStaffId: ctx.actor.id,
    purpose: "reply",
  });
  const job: MediaJob = {
    kind,
    id: media.id,
    mime: media.mimeType,
    sha256: media.sha256,
    filename: media.filename,
    animated: media.animated,
    voice: media.voice,
    n: conv.id,
    from: `@${ctx.actor.handle}`,
  };
  ctx.tx
    .update(outbox)
    .set({ media: JSON.stringify(job), sourceMessageId: ctx.message.id })
    .where(eq(outbox.id, outboxId))
    .run();
  recordHistory(ctx, conv.id, { action: "replied", note: messageSnippet(kind, null, text) });
  touchActivity(ctx, conv);
  return { answer: null, conversationId: conv.id };
}
