// Shared by the outbox tests: a real in-memory SQLite database with one customer, one conversation and one
// staff member, a manual clock, and an msw-backed Graph endpoint whose answers each test scripts.
import { eq } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import type { SetupServer } from "msw/node";
import { manualClock } from "../../src/clock.js";
import { memoryLogger } from "../../src/log.js";
import { createRecipientPacer } from "../../src/outbox/backoff.js";
import { type ClaimContext, claimDue } from "../../src/outbox/claim.js";
import { enqueueToStaff, type StaffPurpose } from "../../src/outbox/enqueue.js";
import type { OutboxRow } from "../../src/outbox/failure.js";
import { openNodeDatabase } from "../../src/store/open-node.js";
import { contacts, conversations, outbox, staff } from "../../src/store/schema.js";
import { createGraphClient, type GraphFetch } from "../../src/whatsapp/graph-client.js";

export const GRAPH_BASE = "https://graph.test";
export const MESSAGES_URL = `${GRAPH_BASE}/v25.0/1234/messages`;
export const HOUR = 3_600_000;

export type SeenRequest = { to: string | null; recipient: string | null; body: Record<string, unknown> };
type Responder = (body: Record<string, unknown>) => Response | Promise<Response>;

export function metaError(code: number, status = 400): Response {
  return HttpResponse.json(
    { error: { message: `(#${code}) error`, type: "OAuthException", code } },
    { status },
  );
}

export function setupOutboxTest(server: SetupServer) {
  const { db, close } = openNodeDatabase(":memory:");
  const clock = manualClock();
  const t0 = clock.now();
  const contact = db
    .insert(contacts)
    .values({ waId: "15550001111", name: "Ann", createdAt: t0, updatedAt: t0 })
    .returning()
    .get();
  const agent = db
    .insert(staff)
    .values({
      handle: "maria",
      phone: "+15550002222",
      waId: "15550002222",
      role: "admin",
      windowExpiresAt: t0 + 24 * HOUR,
      createdAt: t0,
    })
    .returning()
    .get();
  const conversation = db
    .insert(conversations)
    .values({
      contactId: contact.id,
      status: "open",
      assigneeId: agent.id,
      windowExpiresAt: t0 + 10 * HOUR,
      lastActivityAt: t0,
      createdAt: t0,
    })
    .returning()
    .get();

  const seen: SeenRequest[] = [];
  const script: Responder[] = [];
  let counter = 0;
  server.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      seen.push({
        to: typeof body.to === "string" ? body.to : null,
        recipient: typeof body.recipient === "string" ? body.recipient : null,
        body,
      });
      const next = script.shift();
      if (next !== undefined) return next(body);
      counter += 1;
      return HttpResponse.json({ messaging_product: "whatsapp", messages: [{ id: `wamid.OUT${counter}` }] });
    }),
  );

  const graph = createGraphClient({
    baseUrl: GRAPH_BASE,
    version: "v25.0",
    phoneNumberId: "1234",
    accessToken: "test-token",
    fetch: globalThis.fetch as GraphFetch,
    timeoutMs: 2000,
  });
  const log = memoryLogger();

  return {
    db,
    close,
    clock,
    t0,
    contact,
    agent,
    conversation,
    graph,
    log,
    seen,
    /** Queues the next answers of the fake Graph API, in order; afterwards it answers 200 with a wamid. */
    respond: (...responders: Responder[]) => script.push(...responders),
    /** The text body of the i-th request ("" when it was not a text message). */
    sentText: (i: number): string => {
      const text = seen[i]?.body.text;
      return typeof text === "object" && text !== null && "body" in text && typeof text.body === "string"
        ? text.body
        : "";
    },
    outboxRow: (id: number) => db.select().from(outbox).where(eq(outbox.id, id)).get(),
    /** One message to the staff member, in its own transaction; returns its outbox id. */
    enqueueToAgent: (purpose: StaffPurpose, text: string): number =>
      db.transaction(
        (tx) =>
          enqueueToStaff(tx, {
            now: clock.now(),
            staff: agent,
            text,
            conversationId: null,
            purpose,
            notifyTemplate: null,
          }).outboxId,
      ),
  };
}

type OutboxInsert = typeof outbox.$inferInsert;

/**
 * For the claim tests: no Graph, just the database, a pacer on a manual clock and outbox rows written
 * as a test describes them. One staff member (window open), one customer conversation with its window
 * open and one with it closed.
 */
export function setupClaimTest() {
  const { db, sqlite, close } = openNodeDatabase(":memory:");
  const clock = manualClock();
  const now = clock.now();
  const pacer = createRecipientPacer(clock);
  const agent = db
    .insert(staff)
    .values({
      handle: "maria",
      phone: "+15550002222",
      waId: "15550002222",
      role: "admin",
      windowExpiresAt: now + 24 * HOUR,
      createdAt: now,
    })
    .returning()
    .get();
  const customer = (waId: string, windowExpiresAt: number) => {
    const contact = db.insert(contacts).values({ waId, createdAt: now, updatedAt: now }).returning().get();
    return db
      .insert(conversations)
      .values({ contactId: contact.id, status: "open", windowExpiresAt, lastActivityAt: now, createdAt: now })
      .returning()
      .get();
  };
  const open = customer("15550001111", now + 10 * HOUR);
  const closed = customer("15550003333", now - HOUR);
  const text = (body: string) => JSON.stringify({ type: "text", text: { body } });
  /** A due pending row to the staff member unless `over` says otherwise. */
  const add = (purpose: string, body: string, over: Partial<OutboxInsert> = {}) =>
    db
      .insert(outbox)
      .values({
        recipient: agent.waId ?? "",
        recipientKind: "staff",
        staffId: agent.id,
        purpose,
        payload: text(body),
        status: "pending",
        nextAttemptAt: now,
        createdAt: now,
        ...over,
      })
      .returning()
      .get();
  /** A free-form reply in `conversation` (open or closed), asked for by the staff member. */
  const reply = (body: string, conversation: { id: number }, over: Partial<OutboxInsert> = {}) =>
    add("reply", body, {
      recipient: conversation === open ? "15550001111" : "15550003333",
      recipientKind: "customer",
      staffId: null,
      conversationId: conversation.id,
      needsWindow: true,
      requestedByStaffId: agent.id,
      ...over,
    });
  const claim = (over: Partial<ClaimContext> = {}) =>
    db.transaction((tx) =>
      claimDue(tx, { now: clock.now(), pacer, leaseMs: 60_000, limit: 50, notifyTemplate: null, ...over }),
    );
  const row = (id: number) => db.select().from(outbox).where(eq(outbox.id, id)).get();
  const rows = () => db.select().from(outbox).orderBy(outbox.id).all();
  return {
    db,
    sqlite,
    close,
    clock,
    now,
    pacer,
    agent,
    open,
    closed,
    text,
    add,
    reply,
    claim,
    row,
    rows,
  };
}

/** An outbox row as read from the database, for steps that need no database: a due text notice to staff. */
export function outboxRow(over: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id: 1,
    recipient: "15550002222",
    recipientKind: "staff",
    staffId: null,
    conversationId: null,
    purpose: "notify",
    payload: JSON.stringify({ type: "text", text: { body: "#1 new" } }),
    needsWindow: false,
    requestedByStaffId: null,
    sourceMessageId: null,
    status: "pending",
    attempts: 0,
    nextAttemptAt: 0,
    leaseUntil: null,
    lastError: null,
    wamid: null,
    createdAt: 0,
    sentAt: null,
    media: null,
    mediaUploadId: null,
    mediaStep: null,
    ...over,
  };
}
