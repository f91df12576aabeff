// Meta's side of the sandbox, in memory: people's phones write to the business number (signed webhooks
// POSTed over HTTP to the bot's own /webhook, as Meta does), and the Graph API the bot calls (graph-routes.ts)
// lands here: each accepted message gets a wamid and then status webhooks, sent → delivered → read.
// Like Meta, it enforces the 24-hour window itself: free-form text to someone who has not written in 24 h
// fails with 131047, whatever the bot believed.
import type { Clock } from "../clock.js";
import { WINDOW_MS } from "../domain/window.js";
import type { Business, Person } from "./cast.js";
import { type ChatEntry, ChatLog } from "./chat-log.js";
import { type Choices, reactionBody, tapBody } from "./choices.js";
import {
  type DeliveryStatusName,
  inboundMediaBody,
  inboundTextBody,
  metaJson,
  metaSignature,
  newWamid,
  statusBody,
  WINDOW_CLOSED_ERROR,
} from "./meta-shapes.js";

/**
 * The longest text a WhatsApp phone lets a person send (65,536 characters, the app's limit as commonly
 * documented; Meta's reference does not give one for inbound texts). Meta delivers such a text whole in
 * the webhook: the 4,096 limit is on what a business sends, and it is the bot's to handle on both sides.
 */
export const MAX_PERSON_TEXT = 65_536;

export type OutboundMessage = {
  /** wa_id (digits) or BSUID of the recipient. */
  recipient: string;
  type: string;
  text: string;
  /** The uploaded media a media message names, when it does. */
  mediaId?: string | null;
  quotedWamid: string | null;
  bizOpaqueCallbackData: string | null;
  /** Reply buttons or a list (SPEC §12). */
  choices?: Choices | null;
};

export type WebhookPost = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text: () => Promise<string> }>;

export type SimulatorOptions = {
  business: Business;
  appSecret: string;
  clock: Clock;
  people: readonly Person[];
  /** The bot's /webhook; a function because the port is known only once the server listens. */
  webhookUrl: () => string;
  /** When Meta reports sent, delivered and read, in ms after the Graph call. */
  statusDelaysMs?: readonly [number, number, number];
  post?: WebhookPost;
};

export type MetaSimulator = ReturnType<typeof createMetaSimulator>;

/** Meta redelivers a webhook the receiver did not take; the sandbox tries a few times, quickly. */
const DELIVERY_ATTEMPTS = 4;
const REDELIVERY_DELAY_MS = 500;

export function createMetaSimulator(options: SimulatorOptions) {
  const { business, appSecret, clock } = options;
  const [sentAfter, deliveredAfter, readAfter] = options.statusDelaysMs ?? [150, 600, 1500];
  const post: WebhookPost = options.post ?? ((url, init) => fetch(url, init));
  const chats = new ChatLog(options.people);
  const lastWrote = new Map<string, number>();
  const media = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  const inFlight = new Set<Promise<unknown>>();
  const sleepers = new Set<() => void>();
  let closed = false;

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  /** Signs and POSTs one webhook body; true once the bot answered 200. */
  async function deliver(body: unknown): Promise<boolean> {
    const raw = metaJson(body);
    const headers = {
      "content-type": "application/json",
      "x-hub-signature-256": metaSignature(appSecret, raw),
    };
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS && !closed; attempt++) {
      try {
        const response = await post(options.webhookUrl(), { method: "POST", headers, body: raw });
        await response.text();
        if (response.status === 200) return true;
        // 4xx means the bot refused the body itself (signature, size): sending it again cannot help.
        if (response.status < 500) return false;
      } catch {
        // Connection refused or reset: redeliver, as Meta would.
      }
      await sleep(REDELIVERY_DELAY_MS * attempt);
    }
    return false;
  }

  const unixSeconds = () => Math.floor(clock.now() / 1000);

  /** A person types a text message (optionally swiping to reply to one in their chat). */
  function personSends(waId: string, text: string, quotedWamid: string | null = null): Promise<ChatEntry> {
    const person = chats.ensurePerson(waId);
    const quotedEntry = quotedWamid === null ? undefined : chats.find(quotedWamid);
    const quoted = quotedEntry?.phone === waId ? quotedEntry : undefined;
    const wamid = newWamid();
    lastWrote.set(waId, clock.now());
    const entry = chats.add({
      phone: waId,
      wamid,
      author: "person",
      type: "text",
      text,
      quoted: quoted ? { wamid: quoted.wamid, text: quoted.text } : null,
      status: "pending",
      error: null,
      at: clock.now(),
    });
    const body = inboundTextBody(business, {
      from: waId,
      name: person.side === "other" ? null : person.name,
      id: wamid,
      timestamp: unixSeconds(),
      text,
      quoted: quoted
        ? { from: quoted.author === "business" ? business.displayNumber : waId, id: quoted.wamid }
        : null,
    });
    return track(
      deliver(body).then((ok) => {
        // ✓✓ once the business's server has it; it turns blue if the bot marks it read.
        chats.setStatus(wamid, ok ? "delivered" : "failed", ok ? null : "the bot did not accept the webhook");
        return entry;
      }),
    );
  }

  /**
   * A person taps a reply button or a list row under the bot's message `wamid` in their chat. Null when
   * that message is not theirs or offers no such choice (a phone can only tap what it shows).
   */
  function personTaps(waId: string, wamid: string, optionId: string): Promise<ChatEntry> | null {
    const under = chats.find(wamid);
    const option = under?.choices?.options.find((o) => o.id === optionId);
    if (under?.phone !== waId || under.author !== "business" || !under.choices || !option) return null;
    const { kind } = under.choices;
    const id = newWamid();
    const timestamp = unixSeconds();
    return personWebhook(
      { wamid: id, type: "interactive", text: option.title, quoted: { wamid, text: under.text } },
      tapBody(business, { from: waId, id, timestamp, quotedWamid: wamid, kind, option }),
      waId,
    );
  }

  /** A person reacts to a message in their chat ("" removes their reaction). Null when it is not there. */
  function personReacts(waId: string, wamid: string, emoji: string): Promise<boolean> | null {
    const on = chats.find(wamid);
    if (on?.phone !== waId || on.author === "system") return null;
    chats.setReaction(wamid, emoji);
    lastWrote.set(waId, clock.now());
    const body = reactionBody(business, {
      from: waId,
      id: newWamid(),
      timestamp: unixSeconds(),
      wamid,
      emoji,
    });
    return track(deliver(body));
  }

  /** A message a person sent that is not typed text: in their chat, then to the bot as a webhook. */
  function personWebhook(
    shown: { wamid: string; type: string; text: string; quoted: ChatEntry["quoted"] },
    body: unknown,
    waId: string,
  ): Promise<ChatEntry> {
    lastWrote.set(waId, clock.now());
    const entry = chats.add({
      phone: waId,
      author: "person",
      status: "pending",
      error: null,
      at: clock.now(),
      ...shown,
    });
    return track(
      deliver(body).then((ok) => {
        chats.setStatus(
          shown.wamid,
          ok ? "delivered" : "failed",
          ok ? null : "the bot did not accept the webhook",
        );
        return entry;
      }),
    );
  }

  /** A person attaches a file: stored as Meta stores media, and announced by id, as a webhook does. */
  async function personSendsMedia(
    waId: string,
    file: { bytes: Uint8Array; mime: string; filename: string | null; caption: string | null },
    quotedWamid: string | null = null,
  ): Promise<ChatEntry> {
    const person = chats.ensurePerson(waId);
    const quotedEntry = quotedWamid === null ? undefined : chats.find(quotedWamid);
    const quoted = quotedEntry?.phone === waId ? quotedEntry : undefined;
    const kind = file.mime.startsWith("image/")
      ? "image"
      : file.mime.startsWith("video/")
        ? "video"
        : file.mime.startsWith("audio/")
          ? "audio"
          : "document";
    const id = String(2_000_000_000_000_000 + media.size + 1);
    media.set(id, { bytes: file.bytes, mimeType: file.mime });
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(file.bytes)));
    const wamid = newWamid();
    lastWrote.set(waId, clock.now());
    const shown = file.caption ?? file.filename ?? "";
    const entry = chats.add({
      phone: waId,
      wamid,
      author: "person",
      type: kind,
      text: shown,
      quoted: quoted ? { wamid: quoted.wamid, text: quoted.text } : null,
      status: "pending",
      error: null,
      at: clock.now(),
      media: { id, mime: file.mime, filename: file.filename },
    });
    const body = inboundMediaBody(business, {
      from: waId,
      name: person.side === "other" ? null : person.name,
      id: wamid,
      timestamp: unixSeconds(),
      kind,
      media: {
        id,
        mime_type: file.mime,
        // Base64, as current webhooks send it.
        sha256: btoa(String.fromCharCode(...digest)),
        ...(file.caption !== null && kind !== "audio" ? { caption: file.caption } : {}),
        ...(kind === "document" && file.filename !== null ? { filename: file.filename } : {}),
      },
      quoted: quoted
        ? { from: quoted.author === "business" ? business.displayNumber : waId, id: quoted.wamid }
        : null,
    });
    return track(
      deliver(body).then((ok) => {
        chats.setStatus(wamid, ok ? "delivered" : "failed", ok ? null : "the bot did not accept the webhook");
        return entry;
      }),
    );
  }

  function windowOpen(waId: string): boolean {
    const last = lastWrote.get(waId);
    return last !== undefined && clock.now() < last + WINDOW_MS;
  }

  async function reportStatuses(entry: ChatEntry, message: OutboundMessage, template: boolean) {
    const opaque =
      message.bizOpaqueCallbackData === null ? {} : { bizOpaqueCallbackData: message.bizOpaqueCallbackData };
    const report = async (status: DeliveryStatusName, extra: object = {}) => {
      chats.setStatus(
        entry.wamid,
        status,
        status === "failed" ? "131047: the 24-hour window is closed" : null,
      );
      const body = statusBody(business, {
        id: entry.wamid,
        status,
        timestamp: unixSeconds(),
        recipientId: entry.phone,
        ...opaque,
        ...extra,
      });
      await deliver(body);
    };
    await sleep(sentAfter);
    if (closed) return;
    if (!template && !windowOpen(entry.phone)) {
      await report("failed", { errors: [WINDOW_CLOSED_ERROR] });
      return;
    }
    const pricing = { pricing: template ? "utility" : "service" };
    await report("sent", pricing);
    await sleep(Math.max(0, deliveredAfter - sentAfter));
    if (closed) return;
    await report("delivered", pricing);
    await sleep(Math.max(0, readAfter - deliveredAfter));
    if (!closed) await report("read");
  }

  /** The Graph API accepted a message from the bot: it lands on the recipient's phone. */
  function acceptOutbound(message: OutboundMessage): { wamid: string; waId: string } {
    const person = chats.ensurePerson(message.recipient.replace(/^\+/, ""));
    const quoted = message.quotedWamid === null ? undefined : chats.find(message.quotedWamid);
    const entry = chats.add({
      phone: person.waId,
      wamid: newWamid(),
      author: "business",
      type: message.type,
      text: message.text,
      quoted: quoted ? { wamid: quoted.wamid, text: quoted.text } : null,
      status: "pending",
      error: null,
      at: clock.now(),
      choices: message.choices ?? null,
      media: mediaOf(message.mediaId ?? null),
    });
    void track(reportStatuses(entry, message, message.type === "template"));
    return { wamid: entry.wamid, waId: person.waId };
  }

  function mediaOf(id: string | null): ChatEntry["media"] {
    const stored = id === null ? undefined : media.get(id);
    return id === null || stored === undefined ? null : { id, mime: stored.mimeType, filename: null };
  }

  /** The bot marked a person's message as read: the person's ticks turn blue. */
  function markRead(wamid: string): boolean {
    const entry = chats.find(wamid);
    if (entry?.author !== "person") return false;
    chats.setStatus(wamid, "read");
    return true;
  }

  return {
    business,
    chats,
    media,
    personSends,
    personTaps,
    personReacts,
    personSendsMedia,
    acceptOutbound,
    markRead,
    windowOpen,
    /** A webhook is being delivered or a status is waiting to be reported. */
    busy: () => inFlight.size > 0,
    /** Resolves when no webhook is being delivered and no status is waiting to be reported. */
    async settle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close(): void {
      closed = true;
      for (const wake of [...sleepers]) wake();
    },
  };
}
