// Issue 7, part 4: hostile input through the real wiring (signed webhooks into the Hono app, msw as
// Meta). Mutated real payloads and random bytes, signed and unsigned; random Unicode commands from real
// staff; a 3 MB batch; 10,000 identical deliveries. Bounded run counts, fixed seeds.
import { createHmac } from "node:crypto";
import { count, eq, max, ne } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { COMMAND_WORDS } from "../src/commands/syntax/registry.js";
import { MAX_BODY_BYTES } from "../src/http/webhook-routes.js";
import { conversations, messages, outbox, rawEvents, staff } from "../src/store/schema.js";
import { APP_SECRET, startE2E, useGraphServer } from "./kit/e2e.js";
import {
  loadWebhookFixture,
  makeTextWebhook,
  TEST_PHONE_NUMBER_ID,
  webhookFixtureNames,
} from "./kit/fixtures.js";
import { mutatedJson } from "./kit/json-mutations.js";
import { answerAfter, checkAnswerIsClean } from "./kit/model.js";

useGraphServer();

const ADA = "+15550000001";
const MARIA = "+15550000003";
const SEED = 20260708;

type E2E = Awaited<ReturnType<typeof startE2E>>;
let e: E2E;
let staffIds: Record<string, number>;
beforeEach(async () => {
  e = await startE2E();
  const maria = e.seedStaff("maria", MARIA, "agent", ["sales"]);
  const ada = e.db.select().from(staff).where(eq(staff.handle, "ada")).get();
  staffIds = { [ADA]: ada?.id ?? -1, [MARIA]: maria.id };
});
afterEach(() => e.close());

const sign = (bytes: Uint8Array, secret = APP_SECRET) =>
  `sha256=${createHmac("sha256", secret).update(bytes).digest("hex")}`;

function post(bytes: Uint8Array, signature: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  return e.node.app.request("/webhook", { method: "POST", body: bytes, headers });
}

const encode = (text: string) => new TextEncoder().encode(text);
const storedCount = () => e.db.select({ n: count() }).from(rawEvents).get()?.n ?? 0;
const unfinished = () => e.db.select().from(rawEvents).where(ne(rawEvents.state, "done")).all();

/** Every stored body was processed: none pending, none quarantined as failed. */
async function expectAllProcessed() {
  await e.flush();
  expect(unfinished().map((r) => `${r.state}: ${r.lastError}`)).toEqual([]);
  const health = await e.node.app.request("/healthz");
  expect(health.status).toBe(200);
}

describe("hostile webhooks", () => {
  it("mutated real payloads, validly signed: always 200, every one processed", async () => {
    const fixtures = webhookFixtureNames().map((name) => loadWebhookFixture(name));
    await fc.assert(
      fc.asyncProperty(mutatedJson(fixtures), async (text) => {
        const bytes = encode(text);
        const res = await post(bytes, sign(bytes));
        expect(res.status).toBe(200);
      }),
      { seed: SEED, numRuns: 300 },
    );
    await expectAllProcessed();
  });

  it("random bytes and random JSON, validly signed: 200 or 400, never a 5xx", async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.jsonValue().map((v) => encode(JSON.stringify(v))),
      fc.string({ unit: "binary", maxLength: 500 }).map(encode),
    );
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        const res = await post(bytes, sign(bytes));
        expect([200, 400]).toContain(res.status);
      }),
      { seed: SEED, numRuns: 300 },
    );
    await expectAllProcessed();
  });

  it("unsigned or wrongly signed: 401 and nothing stored", async () => {
    const real = fc.constantFrom(...webhookFixtureNames().map((n) => encode(loadWebhookFixture(n))));
    const body = fc.oneof(real, fc.uint8Array({ maxLength: 1000 }));
    const badSignature = (bytes: Uint8Array) =>
      fc.oneof(
        fc.constant(null),
        fc.constant(""),
        fc.constant(sign(bytes, "not-the-secret")),
        fc.constant(sign(bytes).slice(0, -1)),
        fc.constant(sign(bytes).toUpperCase().replace("SHA256", "sha256").slice(0, 20)),
        fc.constant(sign(encode("other body"))),
        fc.string({ maxLength: 80 }),
      );
    const before = storedCount();
    await fc.assert(
      fc.asyncProperty(
        body.chain((bytes) => fc.tuple(fc.constant(bytes), badSignature(bytes))),
        async ([bytes, signature]) => {
          const res = await post(bytes, signature);
          expect(res.status).toBe(401);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    expect(storedCount()).toBe(before);
  });

  it("random Unicode to the command parser from real staff: always an answer, never a stack trace", async () => {
    const garbage = fc.string({ unit: "binary", maxLength: 120 });
    const text = fc.oneof(
      garbage.map((g) => `/${g}`),
      fc.tuple(fc.constantFrom(...COMMAND_WORDS), garbage).map(([w, g]) => `/${w} ${g}`),
      fc
        .tuple(fc.constantFrom(...COMMAND_WORDS), fc.string({ unit: "grapheme", maxLength: 40 }))
        .map(([w, g]) => `/${w.toUpperCase()} #1 ${g}`),
      garbage,
    );
    await e.write("+15557770001", "a customer, so #1 exists", { name: "Sheena" });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(ADA, MARIA), text, async (from, command) => {
        const since =
          e.db
            .select({ id: max(outbox.id) })
            .from(outbox)
            .get()?.id ?? 0;
        await e.write(from, command);
        const answer = answerAfter(e, staffIds[from] ?? 0, since);
        checkAnswerIsClean(answer);
        // Only a relayed reply goes unanswered (SPEC §4); everything else gets a reply.
        if (answer === null) expect(command).toMatch(/^\s*\/reply/i);
      }),
      { seed: SEED, numRuns: 150 },
    );
    await expectAllProcessed();
  });

  it("a 3 MB batch of 1,000 messages is stored and filed whole; one byte over 3 MiB gets 413", async () => {
    const padding = "·🙂 شكرا ".repeat(185); // 16 bytes each: about 3.1 MB in all
    const batch = makeTextWebhook({ from: "15551110000", id: "seed", text: "", timestamp: 1767000000 });
    const value = batch.entry[0]?.changes[0]?.value;
    if (!value) throw new Error("fixture shape");
    value.contacts = Array.from({ length: 50 }, (_, c) => ({
      wa_id: `1555111${String(c).padStart(4, "0")}`,
    }));
    value.messages = Array.from({ length: 1000 }, (_, i) => ({
      from: `1555111${String(i % 50).padStart(4, "0")}`,
      id: `wamid.BIG.${i}`,
      timestamp: "1767000000",
      type: "text",
      text: { body: `${i} ${padding}` },
    }));
    let text = JSON.stringify(batch);
    const bytes = encode(text);
    expect(bytes.length).toBeGreaterThan(3_000_000);
    expect(bytes.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const res = await post(bytes, sign(bytes));
    expect(res.status).toBe(200);
    await expectAllProcessed();
    const filed = e.db.select({ n: count() }).from(messages).where(eq(messages.direction, "in")).get();
    expect(filed?.n).toBe(1000);

    text = `${text}${" ".repeat(MAX_BODY_BYTES + 1 - bytes.length)}`;
    const over = encode(text);
    const before = storedCount();
    const refused = await post(over, sign(over));
    expect(refused.status).toBe(413);
    expect(storedCount()).toBe(before);
  });

  it("10,000 identical deliveries: stored once, processed once, announced once", async () => {
    await e.write(ADA, "/whoami"); // opens her window, so the new-conversation notice is sent, not held
    const body = makeTextWebhook({
      from: "15557779999",
      id: "wamid.FLOOD.1",
      text: "Is anyone there?",
      timestamp: Math.floor(e.clock.now() / 1000),
      name: "Flo",
      phoneNumberId: TEST_PHONE_NUMBER_ID,
    });
    const bytes = encode(JSON.stringify(body));
    const signature = sign(bytes);
    const statuses = new Map<number, number>();
    for (let sent = 0; sent < 10_000; sent += 500) {
      // 500 at a time: concurrent deliveries share group commits, as Meta's retries would.
      const answers = await Promise.all(Array.from({ length: 500 }, () => post(bytes, signature)));
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 10_000 });
    await expectAllProcessed();
    expect(storedCount()).toBe(2);
    const rows = e.db.select().from(messages).where(eq(messages.wamid, "wamid.FLOOD.1")).all();
    expect(rows).toHaveLength(1);
    const conv = e.db.select().from(conversations).all();
    expect(conv).toHaveLength(1);
    const notices = e.sentTo(ADA).filter((s) => s.text?.includes("Is anyone there?"));
    expect(notices).toHaveLength(1);
  });
});
