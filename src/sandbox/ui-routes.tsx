// /sandbox: the page, its event stream (server-sent events) and the two things a visitor can do:
// type as a person, and jump the clock. Each event carries server-rendered HTML (page.tsx).
import { type Context, Hono } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { SandboxClock } from "./clock.js";
import { MAX_PERSON_TEXT, type MetaSimulator } from "./meta-simulator.js";
import { readNewCustomer, suggestNumber, type Taken } from "./new-customer.js";
import { Bubble, clockText, Header, Page, Phone, type PhoneHeader, toHtml } from "./page.js";

export type SandboxUiOptions = {
  simulator: Pick<
    MetaSimulator,
    "business" | "chats" | "personSends" | "personTaps" | "personReacts" | "personSendsMedia" | "media"
  >;
  clock: SandboxClock;
  header: (waId: string) => PhoneHeader;
  /** After a jump: rows that just became due should not wait for the dispatcher's next tick. */
  afterClockJump: () => void;
};

type Send = (event: string, data: object) => void;

const MAX_JUMP_HOURS = 24 * 30;
/** Window countdowns and conversation states change without a message; headers are refreshed this often. */
const HEADER_REFRESH_MS = 5_000;

/**
 * JSON bodies only: a form on another site cannot send one without a CORS preflight, which this server
 * never answers, so a page elsewhere cannot type into the sandbox's phones.
 */
/** 16 MB of file, as base64. */
const MAX_ATTACHMENT_BASE64 = Math.ceil((16 * 1024 * 1024) / 3) * 4;

async function jsonObject(c: Context): Promise<Record<string, unknown> | Response> {
  if (!(c.req.header("content-type") ?? "").startsWith("application/json"))
    return c.text("Expected JSON", 415);
  const body: unknown = await c.req.json().catch(() => null);
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return c.text("Expected a JSON object", 400);
  return body as Record<string, unknown>;
}

export function sandboxUi(options: SandboxUiOptions) {
  const { simulator, clock } = options;
  const { chats } = simulator;
  const clients = new Set<Send>();
  const streams = new Set<SSEStreamingApi>();
  const headers = new Map<string, string>();

  const broadcast: Send = (event, data) => {
    for (const send of clients) send(event, data);
  };
  const headerHtml = (waId: string) => toHtml(<Header header={options.header(waId)} />);

  /** Sends only the headers that changed since the last refresh. */
  function refreshHeaders(): void {
    for (const person of chats.allPeople()) {
      const html = headerHtml(person.waId);
      if (headers.get(person.waId) === html) continue;
      headers.set(person.waId, html);
      broadcast("header", { phone: person.waId, html });
    }
  }

  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = chats.subscribe((change) => {
    if (change.kind === "person") {
      const { person } = change;
      const html = toHtml(<Phone person={person} chat={[]} header={options.header(person.waId)} />);
      broadcast("phone", { phone: person.waId, side: person.side, html });
      return;
    }
    const { entry } = change;
    broadcast("bubble", { phone: entry.phone, key: entry.key, html: toHtml(<Bubble entry={entry} />) });
    // A message usually means the bot's state moved (a new conversation, an assignment): batch the check.
    refreshTimer ??= setTimeout(() => {
      refreshTimer = null;
      refreshHeaders();
    }, 100);
  });
  const refresher = setInterval(refreshHeaders, HEADER_REFRESH_MS);

  const taken: Taken = {
    businessWaId: simulator.business.displayNumber,
    holder: (waId) => chats.person(waId),
  };
  const app = new Hono();

  app.get("/", (c) =>
    c.html(
      <Page
        data={{
          people: chats.allPeople(),
          chat: (waId) => chats.chat(waId),
          header: options.header,
          clock: clockText(clock.now()),
          instance: chats.instance,
          suggestedPhone: suggestNumber(taken),
        }}
      />,
    ),
  );

  app.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      streams.add(stream);
      const send: Send = (event, data) => {
        stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => clients.delete(send));
      };
      // Which run this is, first: a page still showing an earlier run (the server restarted under it)
      // reloads instead of mixing two runs' bubbles. Then everything, so a reconnect to the same run
      // resynchronises (bubbles are upserted by key).
      send("hello", { instance: chats.instance });
      send("clock", { text: clockText(clock.now()) });
      for (const person of chats.allPeople())
        send("header", { phone: person.waId, html: headerHtml(person.waId) });
      for (const entry of chats.all()) {
        send("bubble", { phone: entry.phone, key: entry.key, html: toHtml(<Bubble entry={entry} />) });
      }
      clients.add(send);
      const ping = setInterval(() => send("ping", {}), 15_000);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(ping);
      clients.delete(send);
      streams.delete(stream);
    }),
  );

  app.post("/api/send", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const { phone, text, quotedWamid } = body;
    if (typeof phone !== "string" || chats.person(phone) === undefined) return c.text("Unknown phone", 400);
    // Only what a phone could not send is stopped here; a long text is the bot's to answer (SPEC §16).
    if (typeof text !== "string" || text.trim() === "" || text.length > MAX_PERSON_TEXT) {
      return c.text(`Text must be 1 to ${MAX_PERSON_TEXT} characters`, 400);
    }
    const entry = await simulator.personSends(
      phone,
      text,
      typeof quotedWamid === "string" ? quotedWamid : null,
    );
    return c.json({ wamid: entry.wamid, status: entry.status }, entry.status === "failed" ? 502 : 200);
  });

  // SPEC §12: a phone taps a reply button or list row under a bot message, or reacts to a message.
  app.post("/api/tap", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const { phone, wamid, id } = body;
    if (typeof phone !== "string" || typeof wamid !== "string" || typeof id !== "string") {
      return c.text("phone, wamid and id are required", 400);
    }
    const sent = simulator.personTaps(phone, wamid, id);
    if (sent === null) return c.text("That phone has no such button", 400);
    const entry = await sent;
    return c.json({ wamid: entry.wamid, status: entry.status }, entry.status === "failed" ? 502 : 200);
  });

  app.post("/api/react", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const { phone, wamid, emoji } = body;
    if (typeof phone !== "string" || typeof wamid !== "string")
      return c.text("phone and wamid are required", 400);
    // An emoji is a few code points (skin tones, ZWJ sequences); "" removes the reaction.
    if (typeof emoji !== "string" || [...emoji].length > 10 || /[\p{L}\p{N}\s]/u.test(emoji)) {
      return c.text("emoji must be one emoji, or empty to remove the reaction", 400);
    }
    const sent = simulator.personReacts(phone, wamid, emoji);
    if (sent === null) return c.text("That phone has no such message", 400);
    return c.json({ delivered: await sent }, 200);
  });

  // A phone attaches a file (base64 in JSON, as the page reads it); WhatsApp's largest is a 100 MB
  // document, the sandbox takes up to 16 MB.
  app.post("/api/send-media", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const { phone, data, mime, filename, caption, quotedWamid } = body;
    if (typeof phone !== "string" || chats.person(phone) === undefined) return c.text("Unknown phone", 400);
    if (typeof data !== "string" || data === "" || data.length > MAX_ATTACHMENT_BASE64) {
      return c.text("Attach a file of at most 16 MB", 400);
    }
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
    } catch {
      return c.text("The file is not valid base64", 400);
    }
    const text = typeof caption === "string" && caption.trim() !== "" ? caption.trim() : null;
    const entry = await simulator.personSendsMedia(
      phone,
      {
        bytes,
        mime:
          typeof mime === "string" && /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? mime : "application/octet-stream",
        filename: typeof filename === "string" && filename !== "" ? filename.slice(0, 200) : null,
        caption: text,
      },
      typeof quotedWamid === "string" ? quotedWamid : null,
    );
    return c.json({ wamid: entry.wamid, status: entry.status }, entry.status === "failed" ? 502 : 200);
  });

  // The bytes behind a media bubble, from the simulated Meta's store.
  app.get("/media/:id", (c) => {
    const stored = simulator.media.get(c.req.param("id"));
    if (!stored) return c.text("No such media", 404);
    return c.body(new Uint8Array(stored.bytes), 200, { "content-type": stored.mimeType });
  });

  app.post("/api/customers", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const read = readNewCustomer(body, taken);
    if (!read.ok) return c.text(read.problem, 400);
    // The "phone" event puts it on every open page, this one included.
    const person = chats.addPerson(read.person);
    return c.json({ waId: person.waId, name: person.name, nextPhone: suggestNumber(taken) }, 201);
  });

  app.post("/api/clock", async (c) => {
    const body = await jsonObject(c);
    if (body instanceof Response) return body;
    const { hours } = body;
    if (typeof hours !== "number" || !(hours > 0 && hours <= MAX_JUMP_HOURS)) {
      return c.text(`hours must be a number from 0 to ${MAX_JUMP_HOURS}`, 400);
    }
    clock.advance(hours * 3_600_000);
    chats.addNote(`⏩ ${hours} hour${hours === 1 ? "" : "s"} later`, clock.now());
    broadcast("clock", { text: clockText(clock.now()) });
    refreshHeaders();
    options.afterClockJump();
    return c.json({ now: clock.now() });
  });

  return {
    app,
    /** Ends the event streams, or the HTTP server would wait for them forever when it closes. */
    close(): void {
      unsubscribe();
      clearInterval(refresher);
      if (refreshTimer) clearTimeout(refreshTimer);
      clients.clear();
      for (const stream of streams) void stream.close();
      streams.clear();
    },
  };
}
