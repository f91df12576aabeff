// The /sandbox page: phones side by side, server-rendered with hono/jsx. The same components render the
// fragments that the event stream pushes (a bubble, a header, a new phone), so the little client script
// in page-assets.ts only swaps HTML in and never builds markup itself.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Person } from "./cast.js";
import type { ChatEntry, ChatStatus } from "./chat-log.js";
import { ChoicesView, ReactionView } from "./choices-view.js";
import { MAX_PERSON_TEXT } from "./meta-simulator.js";
import { PAGE_SCRIPT, PAGE_STYLE } from "./page-assets.js";

export type PhoneHeader = { line: string; window: string | null; windowOpen: boolean };

export type PageData = {
  people: Person[];
  chat: (waId: string) => ChatEntry[];
  header: (waId: string) => PhoneHeader;
  clock: string;
  /** The sandbox run the page shows (ChatLog.instance). */
  instance: string;
  /** Prefilled in the "add a customer" form: a free number of the fictional range. */
  suggestedPhone: string;
};

type Html = Child;

/** A fragment as a string for the event stream; every component here is synchronous. */
export function toHtml(node: Html): string {
  if (node instanceof Promise) throw new Error("sandbox components must render synchronously");
  return String(node);
}

/** "Thu, 15 Jan 2026 09:00 UTC": the sandbox clock, which the page can jump forward. */
export function clockText(now: number): string {
  return new Date(now).toUTCString().replace(/:\d\d GMT$/, " UTC");
}

const TICKS: Record<ChatStatus, { mark: string; label: string }> = {
  pending: { mark: "🕓", label: "sending" },
  sent: { mark: "✓", label: "sent" },
  delivered: { mark: "✓✓", label: "delivered" },
  read: { mark: "✓✓", label: "read" },
  failed: { mark: "⚠", label: "failed" },
};

/** What a phone shows for media: a thumbnail, a player, or a document chip to open. */
function Media({ media }: { media: NonNullable<ChatEntry["media"]> }) {
  const src = `/sandbox/media/${encodeURIComponent(media.id)}`;
  if (media.mime.startsWith("image/")) return <img class="media" src={src} alt="" loading="lazy" />;
  // WhatsApp media carries no caption track; the empty one keeps players accessible-by-default markup.
  if (media.mime.startsWith("video/"))
    return (
      <video class="media" src={src} controls preload="metadata">
        <track kind="captions" />
      </video>
    );
  if (media.mime.startsWith("audio/"))
    return (
      <audio class="media" src={src} controls preload="none">
        <track kind="captions" />
      </audio>
    );
  return (
    <a class="doc" href={src} target="_blank" rel="noreferrer">
      📄 {media.filename ?? media.mime}
    </a>
  );
}

export function Bubble({ entry }: { entry: ChatEntry }) {
  if (entry.author === "system") {
    return (
      <div class="note" id={`m${entry.key}`}>
        {entry.text}
      </div>
    );
  }
  const tick = TICKS[entry.status];
  // Ticks on the bot's messages show what Meta reported to the business (sent, delivered, read).
  const tickTitle = entry.author === "business" ? `Meta told the bot: ${tick.label}` : tick.label;
  return (
    <div
      class={`msg ${entry.author === "person" ? "mine" : "theirs"}`}
      id={`m${entry.key}`}
      data-wamid={entry.wamid}
      data-reaction={entry.reaction ?? ""}
      title="Click to reply to this message"
    >
      {entry.quoted && (
        <div class="quoted" dir="auto">
          {entry.quoted.text}
        </div>
      )}
      {entry.media && <Media media={entry.media} />}
      <div class="text" dir="auto">
        {entry.text}
      </div>
      <ChoicesView entry={entry} />
      <div class="meta">
        <ReactionView entry={entry} />
        <time title={new Date(entry.at).toUTCString()}>{new Date(entry.at).toISOString().slice(11, 16)}</time>
        <span class={`ticks ${entry.status}`} data-status={entry.status} title={tickTitle}>
          {tick.mark}
        </span>
      </div>
      {entry.error && <div class="error">{entry.error}</div>}
    </div>
  );
}

export function Header({ header }: { header: PhoneHeader }) {
  return (
    <>
      <div class="line" dir="auto">
        {header.line}
      </div>
      {header.window && <div class={`window ${header.windowOpen ? "open" : "closed"}`}>{header.window}</div>}
    </>
  );
}

export function Phone({ person, chat, header }: { person: Person; chat: ChatEntry[]; header: PhoneHeader }) {
  const initial = [...person.name.replace(/^\+/, "")][0] ?? "?";
  return (
    <article class={`phone ${person.side}`} id={`p${person.waId}`} data-phone={person.waId}>
      <div class="bar">
        <div class="avatar">{initial}</div>
        <div class="who">
          <div class="name">
            <bdi>{person.name}</bdi> <span class="number">+{person.waId}</span>
          </div>
          <div class="sub" id={`h${person.waId}`}>
            <Header header={header} />
          </div>
        </div>
      </div>
      <div class="chat" id={`c${person.waId}`}>
        {chat.map((entry) => (
          <Bubble entry={entry} />
        ))}
      </div>
      <div class="quote-bar" hidden>
        <span class="quote-text" dir="auto" />
        <button type="button" class="unquote" title="Cancel the reply">
          ×
        </button>
      </div>
      <form class="composer">
        <input
          name="text"
          autocomplete="off"
          dir="auto"
          maxlength={MAX_PERSON_TEXT}
          placeholder={`Message as ${person.name}`}
        />
        <label class="attach" title="Attach a photo, PDF or audio (the text becomes its caption)">
          📎
          <input type="file" name="file" accept="image/*,video/*,audio/*,application/pdf" hidden />
        </label>
        <button type="submit" title="Send">
          ➤
        </button>
      </form>
      <div class="send-error" role="alert" hidden />
    </article>
  );
}

/** A new customer's phone: the server checks the name and number and answers with what to fix. */
export function AddCustomer({ suggestedPhone }: { suggestedPhone: string }) {
  return (
    <form class="add-customer" novalidate>
      <input name="name" autocomplete="off" dir="auto" placeholder="New customer's name" aria-label="Name" />
      <input
        name="phone"
        autocomplete="off"
        inputmode="tel"
        value={suggestedPhone}
        placeholder="+1 555 010 0150"
        aria-label="Phone number with country code"
      />
      <button type="submit">Add a customer</button>
      <span class="form-error" role="alert" />
    </form>
  );
}

const SIDES = [
  { side: "customer", title: "Customers" },
  { side: "staff", title: "Staff" },
  { side: "other", title: "Other numbers the bot wrote to" },
] as const;

export function Page({ data }: { data: PageData }) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Team inbox sandbox</title>
          <link rel="icon" href="data:," />
          <style>{raw(PAGE_STYLE)}</style>
        </head>
        <body data-instance={data.instance}>
          <header class="top">
            <h1>WhatsApp team inbox · sandbox</h1>
            <div class="clock">
              <span id="clock">{data.clock}</span>
              <button type="button" data-hours="1">
                +1 h
              </button>
              <button type="button" data-hours="25">
                +25 h
              </button>
            </div>
            <p class="tips">
              The real bot, with a simulated Meta. Type in any phone to send that person's message. Staff: try{" "}
              <code>/help</code>, <code>/new</code>, <code>/assign me #1</code>, <code>/reply #1 …</code>.
              Click a message to reply to it (quote). +25 h closes the 24-hour window: then only a template
              reaches the customer (<code>/template #1 order_update en_US 4521</code>), and their answer opens
              it again.
            </p>
          </header>
          {SIDES.map(({ side, title }) => {
            const people = data.people.filter((p) => p.side === side);
            return (
              <section id={`section-${side}`} hidden={side === "other" && people.length === 0}>
                <div class="section-head">
                  <h2>{title}</h2>
                  {side === "customer" && <AddCustomer suggestedPhone={data.suggestedPhone} />}
                </div>
                <div class="phones" id={`side-${side}`}>
                  {people.map((person) => (
                    <Phone person={person} chat={data.chat(person.waId)} header={data.header(person.waId)} />
                  ))}
                </div>
              </section>
            );
          })}
          <script>{raw(PAGE_SCRIPT)}</script>
        </body>
      </html>
    </>
  );
}
