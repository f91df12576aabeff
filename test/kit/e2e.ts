// End-to-end harness: the bot's one pipeline (startPipeline: journal, Inbox side, outbox) with the Inbox
// side beside the test on an in-memory database, real signed webhooks through the Hono app, and msw
// standing in for Meta's Graph API. Tests drive time and the queues by hand: `flush()` waits for the
// journal's copies, then files stored events and runs the outbox until both are empty.
import { eq } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { manualClock } from "../../src/clock.js";
import { type Config, parseConfig } from "../../src/config.js";
import { memoryLogger } from "../../src/log.js";
import { startPipeline } from "../../src/runtime/node/pipeline.js";
import { openNodeDatabase } from "../../src/store/open-node.js";
import { staff, teamMembers, teams } from "../../src/store/schema.js";
import { signBody } from "../../src/whatsapp/signature.js";
import { makeMessageWebhook, makeStatusWebhook, makeTextWebhook, TEST_PHONE_NUMBER_ID } from "./fixtures.js";

export const APP_SECRET = "e2e-secret";
export const GRAPH = "https://graph.e2e.test";
export const MESSAGES_URL = `${GRAPH}/v25.0/${TEST_PHONE_NUMBER_ID}/messages`;

/** One message the bot sent, as Meta received it. */
export type Sent = {
  to: string;
  type: string;
  text: string | null;
  template: { name: string; params: string[] } | null;
  wamid: string;
  body: Record<string, unknown>;
  /** Reply buttons (id, title) or list rows of an interactive message; empty for anything else. */
  taps: Array<{ id: string; title: string }>;
  /** "button" or "list" for an interactive message, else null. */
  interactive: string | null;
};

export const graphServer = setupServer();

/** Call once at the top of an e2e test file. */
export function useGraphServer(): void {
  beforeAll(() => graphServer.listen({ onUnhandledRequest: "error" }));
  afterEach(() => graphServer.resetHandlers());
  afterAll(() => graphServer.close());
}

export type E2EOptions = { env?: Record<string, string> };

export async function startE2E(options: E2EOptions = {}) {
  const parsed = parseConfig({
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: "verify",
    WHATSAPP_ACCESS_TOKEN: "token",
    WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
    GRAPH_API_URL: GRAPH,
    INBOX_ADMINS: "ada:+15550000001",
    ...options.env,
  });
  if (!parsed.ok)
    throw new Error(`bad e2e config: ${[...parsed.missingSecrets, ...parsed.problems].join(", ")}`);
  const config: Config = parsed.config;
  const clock = manualClock();
  const log = memoryLogger();
  const sent: Sent[] = [];
  /** Inbound messages the bot marked read, in order, and whether with the typing indicator. */
  const reads: Array<{ messageId: string; typing: boolean }> = [];
  let counter = 0;
  /** Set to make the next sends fail: return a Response to send it instead of a success. */
  const failures: Array<(body: Record<string, unknown>) => Response | null> = [];

  graphServer.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      if (body.status === "read") {
        // A "seen" mark (SPEC §12), not a message: Meta answers it without a message id.
        reads.push({ messageId: String(body.message_id), typing: body.typing_indicator !== undefined });
        return HttpResponse.json({ success: true });
      }
      const failure = failures.length > 0 ? (failures.shift()?.(body) ?? null) : null;
      if (failure) return failure;
      counter += 1;
      const wamid = `wamid.OUT.${counter}`;
      sent.push(describeSent(body, wamid));
      return HttpResponse.json({ messaging_product: "whatsapp", messages: [{ id: wamid }] });
    }),
  );

  const bot = await startPipeline({
    config,
    log,
    inbox: {
      clock,
      fetch: (input, init) => fetch(input, init),
      open: () => openNodeDatabase(":memory:"),
      timers: false,
    },
  });
  if (bot.local === null) throw new Error("the e2e Inbox side runs in this thread");
  const node = { app: bot.app, ...bot.local };
  let seq = 0;

  async function post(body: unknown): Promise<Response> {
    const bytes = new TextEncoder().encode(JSON.stringify(body));
    return node.app.request("/webhook", {
      method: "POST",
      body: bytes,
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": await signBody(APP_SECRET, bytes),
      },
    });
  }

  /** Processes every stored event and sends every due outbox row (repeating until both are quiet). */
  async function flush(): Promise<void> {
    await bot.copied();
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i++) {
      const { processed } = node.inbox.processPending(1000);
      const run = await node.dispatcher.runOnce();
      if (processed === 0 && run.sent === 0 && run.retried === 0 && run.failed === 0) return;
    }
  }

  /** A WhatsApp user (customer or staff) writes text to the business number; returns its wamid. */
  async function write(
    from: string,
    text: string,
    extra: { name?: string; quotedId?: string; groupId?: string } = {},
  ): Promise<string> {
    seq += 1;
    const id = `wamid.IN.${seq}`;
    const res = await post(
      makeTextWebhook({
        from: from.replace(/^\+/, ""),
        id,
        text,
        timestamp: Math.floor(clock.now() / 1000),
        ...extra,
      }),
    );
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await flush();
    return id;
  }

  /** A WhatsApp user sends a message of any type (`fields`: its type's part); returns its wamid. */
  async function message(
    from: string,
    fields: Record<string, unknown>,
    extra: { quotedId?: string; groupId?: string } = {},
  ): Promise<string> {
    seq += 1;
    const id = `wamid.IN.${seq}`;
    const timestamp = Math.floor(clock.now() / 1000);
    const res = await post(
      makeMessageWebhook({ from: from.replace(/^\+/, ""), id, timestamp, fields, ...extra }),
    );
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await flush();
    return id;
  }

  /** Staff taps a reply button (or a list row, `list: true`) of the bot's message `quotedId`. */
  function tap(from: string, id: string, quotedId: string, o: { list?: boolean; title?: string } = {}) {
    const reply = { id, title: o.title ?? id.slice(0, 20) };
    const interactive = o.list
      ? { type: "list_reply", list_reply: reply }
      : { type: "button_reply", button_reply: reply };
    return message(from, { type: "interactive", interactive }, { quotedId });
  }

  /** Someone reacts to message `wamid` with `emoji` ("" removes the reaction, as Meta sends it). */
  function react(from: string, wamid: string, emoji: string, extra: { groupId?: string } = {}) {
    const reaction = emoji === "" ? { message_id: wamid } : { message_id: wamid, emoji };
    return message(from, { type: "reaction", reaction }, extra);
  }

  /** Meta reports a status for one of our messages. */
  async function status(
    wamid: string,
    value: string,
    to: string,
    errors?: { code: number; title: string }[],
  ) {
    await post(
      makeStatusWebhook({
        id: wamid,
        status: value,
        timestamp: Math.floor(clock.now() / 1000),
        recipientId: to,
        ...(errors ? { errors } : {}),
      }),
    );
    await flush();
  }

  /** Adds a staff member directly (for tests of other commands); teams are created as needed. */
  function seedStaff(
    handle: string,
    phone: string,
    role: "admin" | "manager" | "agent",
    teamNames: string[] = [],
  ) {
    const db = node.db;
    const row = db
      .insert(staff)
      .values({ handle, phone, waId: phone.replace(/^\+/, ""), role, createdAt: clock.now() })
      .returning()
      .get();
    for (const name of teamNames) {
      const team =
        db.select().from(teams).where(eq(teams.name, name)).get() ??
        db.insert(teams).values({ name, createdAt: clock.now() }).returning().get();
      db.insert(teamMembers).values({ teamId: team.id, staffId: row.id }).run();
    }
    return row;
  }

  /** Messages the bot sent to this number (with or without +) or group, oldest first. */
  function sentTo(to: string): Sent[] {
    const want = to.replace(/^\+/, "");
    return sent.filter((s) => s.to.replace(/^\+/, "") === want);
  }

  function lastTo(to: string): Sent {
    const all = sentTo(to);
    const last = all[all.length - 1];
    if (!last)
      throw new Error(`nothing was sent to ${to}; sent: ${JSON.stringify(sent.map((s) => [s.to, s.text]))}`);
    return last;
  }

  return {
    node,
    db: node.db,
    config,
    clock,
    log,
    sent,
    reads,
    failures,
    post,
    flush,
    write,
    message,
    tap,
    react,
    status,
    seedStaff,
    sentTo,
    lastTo,
    close: () => bot.stop(),
  };
}

function describeSent(body: Record<string, unknown>, wamid: string): Sent {
  const to = String(body.to ?? body.recipient ?? "");
  const type = String(body.type ?? "");
  const interactive = type === "interactive" ? readInteractive(body.interactive) : null;
  const text =
    type === "text"
      ? String((body.text as { body?: unknown } | undefined)?.body ?? "")
      : (interactive?.body ?? null);
  let template: Sent["template"] = null;
  if (type === "template") {
    const t = body.template as {
      name?: string;
      components?: Array<{ parameters?: Array<{ text?: string }> }>;
    };
    template = {
      name: String(t.name ?? ""),
      params: (t.components ?? []).flatMap((c) => (c.parameters ?? []).map((p) => String(p.text ?? ""))),
    };
  }
  return {
    to,
    type,
    text,
    template,
    wamid,
    body,
    taps: interactive?.taps ?? [],
    interactive: interactive?.kind ?? null,
  };
}

/** The body and the choices of a sent interactive message (reply buttons or a list). */
export function readInteractive(value: unknown): {
  kind: string;
  body: string;
  taps: Array<{ id: string; title: string }>;
} {
  const i = (value ?? {}) as {
    type?: string;
    body?: { text?: string };
    action?: {
      buttons?: Array<{ reply?: { id?: string; title?: string } }>;
      sections?: Array<{ rows?: Array<{ id?: string; title?: string }> }>;
    };
  };
  const buttons = (i.action?.buttons ?? []).map((b) => ({
    id: String(b.reply?.id ?? ""),
    title: String(b.reply?.title ?? ""),
  }));
  const rows = (i.action?.sections ?? []).flatMap((s) =>
    (s.rows ?? []).map((r) => ({ id: String(r.id ?? ""), title: String(r.title ?? "") })),
  );
  return { kind: String(i.type ?? ""), body: String(i.body?.text ?? ""), taps: [...buttons, ...rows] };
}
