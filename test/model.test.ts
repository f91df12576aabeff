// Issue 7, part 3: a model-based test of the whole inbox. fast-check generates sequences of customer
// messages, commands by staff of every role (assign, unassign, close, reopen, reply, note, away, back,
// staff removal and re-adding, settings), /template, quote-replies, view checks and clock jumps; each runs through the real wiring
// (signed webhooks into the Hono app, msw as Meta) and the invariants are checked after every step.
// Fixed seed and bounded runs, so `npm test` stays deterministic and quick.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS, WINDOW_MS } from "../src/domain/window.js";
import { contacts, conversations, teams } from "../src/store/schema.js";
import {
  ADA,
  BOB,
  CARL,
  DINA,
  type InboxUnderTest,
  MARIA,
  MONA,
  SHEENA,
  startInbox,
  TOM,
} from "./kit/conversation.js";
import { graphServer, useGraphServer } from "./kit/e2e.js";
import {
  answerAfter,
  changedSince,
  checkAnswerIsClean,
  checkAutoAssignments,
  checkInvariants,
  checkSends,
  expectedView,
  NO_OP,
  parseList,
  policyDecision,
  type Snapshot,
  SUCCESS,
  snapshot,
  type ViewName,
  type Windows,
} from "./kit/model.js";
import { customerOf, customerSendsSince, quotedKind } from "./kit/model-sends.js";

useGraphServer();

const RITA = "+15557770003";
const CUSTOMERS = [SHEENA, TOM, RITA];
const STAFF = { ada: ADA, bob: BOB, maria: MARIA, carl: CARL, dina: DINA, mona: MONA } as const;
type Handle = keyof typeof STAFF;
const HANDLES = Object.keys(STAFF) as Handle[];
const ROLES: Record<Handle, string> = {
  ada: "admin",
  bob: "manager",
  maria: "agent",
  carl: "agent",
  dina: "agent",
  mona: "manager",
};

/** windows: per customer phone; convWindows: conversation id → its customer's last inbound message (ms). */
type Model = { windows: Windows; convWindows: Map<number, number> };
/** templateStep: set only while a /template runs; a template reaches a customer at no other step. */
type Real = {
  t: InboxUnderTest;
  sentSeen: number;
  teamIds: Map<string, number>;
  templateStep?: boolean;
  /** SPEC §13: auto-assignment is on in this run; its hand-outs are checked after every step. */
  autoAssign?: boolean;
};

const digits = (phone: string) => phone.replace(/^\+/, "");

/** Runs one step and checks what must hold after any step. */
async function step(
  m: Model,
  r: Real,
  act: () => Promise<void>,
): Promise<{ before: Snapshot; after: Snapshot }> {
  const before = snapshot(r.t);
  await act();
  const after = snapshot(r.t);
  checkInvariants(r.t, before, after);
  if (r.autoAssign) checkAutoAssignments(r.t, before, after);
  checkSends(r.t, r.sentSeen, m.windows, new Set(CUSTOMERS.map(digits)));
  const templates = customerSendsSince(r.t, r.sentSeen).filter((s) => s.type === "template");
  if (!r.templateStep) expect(templates, "a template reached a customer with no /template").toEqual([]);
  r.sentSeen = r.t.sent.length;
  return { before, after };
}

/** A message from someone who is not active staff moves their window (capped at arrival, in seconds). */
async function writeAs(m: Model, r: Real, phone: string, text: string, isStaff: boolean, quotedId?: string) {
  const at = Math.floor(r.t.clock.now() / 1000) * 1000;
  const quote = quotedId === undefined ? {} : { quotedId };
  await r.t.write(phone, text, isStaff ? quote : { ...quote, name: `Customer ${digits(phone).slice(-2)}` });
  if (isStaff) return;
  m.windows.set(digits(phone), at);
  // The message lands in the customer's one open conversation: that conversation's window moves.
  const [open] = openConversationsOf(r, phone);
  if (open !== undefined) m.convWindows.set(open.id, at);
}

function openConversationsOf(r: Real, phone: string) {
  const contact = r.t.db
    .select()
    .from(contacts)
    .where(eq(contacts.waId, digits(phone)))
    .get();
  return r.t.db
    .select()
    .from(conversations)
    .where(eq(conversations.contactId, contact?.id ?? -1))
    .all()
    .filter((c) => c.status === "open");
}

const windowOpen = (m: Model, now: number, conversationId: number) =>
  now < (m.convWindows.get(conversationId) ?? Number.NEGATIVE_INFINITY) + WINDOW_MS;

class CustomerWrites implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly phone: string,
    readonly n: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, () => writeAs(m, r, this.phone, `hello ${this.n}`, false));
    const open = openConversationsOf(r, this.phone);
    expect(open, "a customer who just wrote has exactly one open conversation").toHaveLength(1);
  }
  toString = () => `customer ${this.phone}: hello ${this.n}`;
}

class ClockJump implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, async () => {
      r.t.clock.advance(this.ms);
      await r.t.flush();
    });
  }
  toString = () => `clock +${Math.round(this.ms / MINUTE_MS)}m`;
}

class StaffCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly handle: Handle,
    readonly text: string,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const word = /^\/(\w+)/.exec(this.text)?.[1] ?? "";
    let actorActive = false;
    const { before, after } = await step(m, r, async () => {
      actorActive = snapshot(r.t).staff.some((s) => s.handle === this.handle && s.active);
      await writeAs(m, r, STAFF[this.handle], this.text, actorActive);
    });
    // A removed staff member is a customer now: their text was filed as a customer message.
    const actor = before.staff.find((s) => s.handle === this.handle);
    if (!actorActive || actor === undefined) return;
    const answer = answerAfter(r.t, actor.id, before.lastOutboxId);
    checkAnswerIsClean(answer);
    const success = word === "reply" ? answer === null : (SUCCESS[word]?.test(answer ?? "") ?? false);
    const changed = changedSince(before, after);
    if (!success) expect(changed, `refused "${this.text}" → "${answer}" changed something`).toBe(false);
    else if (!NO_OP.test(answer ?? ""))
      expect(changed, `"${this.text}" → "${answer}" changed nothing`).toBe(true);

    const decision = policyDecision(before, r.teamIds, actor.id, this.text);
    if (decision !== null && !decision.ok) {
      expect(success, `"${this.text}" by @${this.handle} went through against the policy`).toBe(false);
      // A lost race to take it is told as such (who won), not as the rule (SPEC §16).
      expect(answer ?? "").toMatch(/Not allowed|^#\d+ was taken by @\S+ a moment ago/);
    }
    if (decision?.ok && /Not allowed/.test(answer ?? "")) {
      throw new Error(`"${this.text}" by @${this.handle} refused although the policy allows it: ${answer}`);
    }
  }
  toString = () => `@${this.handle}: ${this.text}`;
}

/** Take a conversation, then act on it as its owner: the paths that send text and move ownership. */
class TakeThen implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly handle: Handle,
    readonly n: number,
    readonly then: string,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await new StaffCommand(this.handle, `/assign me #${this.n}`).run(m, r);
    await new StaffCommand(this.handle, this.then.replace("#N", `#${this.n}`)).run(m, r);
  }
  toString = () => `@${this.handle} takes #${this.n}, then ${this.then}`;
}

class CheckView implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly handle: Handle,
    readonly view: "new" | "mine" | "assigned" | "closed" | "queue sales" | "queue support",
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    let active = false;
    const { before, after } = await step(m, r, async () => {
      active = snapshot(r.t).staff.some((s) => s.handle === this.handle && s.active);
      await writeAs(m, r, STAFF[this.handle], `/${this.view}`, active);
    });
    const actor = after.staff.find((s) => s.handle === this.handle);
    if (!active || actor === undefined) return;
    const answer = answerAfter(r.t, actor.id, before.lastOutboxId) ?? "";
    checkAnswerIsClean(answer);
    const team = /^queue (\w+)$/.exec(this.view)?.[1];
    const name: ViewName =
      this.view === "queue sales" || this.view === "queue support"
        ? { queue: team ?? "", teamId: r.teamIds.get(team ?? "") ?? -1 }
        : this.view;
    if (
      typeof name === "object" &&
      actor.role === "agent" &&
      !(after.teamIdsOf.get(actor.id) ?? []).includes(name.teamId)
    ) {
      expect(answer).toContain("Not allowed");
      return;
    }
    const expected = expectedView(name, actor, after);
    const got = parseList(answer);
    expect({ total: got.total, ids: got.ids }, `/${this.view} for @${this.handle}: ${answer}`).toEqual({
      total: expected.length,
      ids: expected.slice(0, 10).map((c) => c.id),
    });
  }
  toString = () => `@${this.handle} checks /${this.view}`;
}

const TEMPLATE_FORMS = [
  { suffix: "", language: "en", params: (_k: number) => [] as string[] },
  { suffix: " es", language: "es", params: (_k: number) => [] as string[] },
  { suffix: " en ready|", language: "en", params: (k: number) => ["ready", `${k}`] },
] as const;

/**
 * /template (SPEC §3–§5, handlers/replies.ts): only the owner of an open conversation sends one, and the
 * 24-hour window does not matter (templates are the way back in). Otherwise it is refused, nothing reaches
 * any customer and nothing changes. Optionally takes the conversation first.
 */
class TemplateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly handle: Handle,
    readonly n: number,
    readonly take: boolean,
    readonly form: number,
    readonly k: number,
  ) {}
  check = () => true;
  text = () => {
    const form = TEMPLATE_FORMS[this.form % TEMPLATE_FORMS.length] ?? TEMPLATE_FORMS[0];
    return `/template #${this.n} order_update${form.suffix}${form.params(this.k).length > 0 ? this.k : ""}`;
  };
  async run(m: Model, r: Real) {
    if (this.take) await new StaffCommand(this.handle, `/assign me #${this.n}`).run(m, r);
    const form = TEMPLATE_FORMS[this.form % TEMPLATE_FORMS.length] ?? TEMPLATE_FORMS[0];
    const from = r.sentSeen;
    const isActive = () => snapshot(r.t).staff.some((s) => s.handle === this.handle && s.active);
    r.templateStep = true;
    const { before, after } = await step(m, r, () =>
      writeAs(m, r, STAFF[this.handle], this.text(), isActive()),
    ).finally(() => {
      r.templateStep = false;
    });
    const sends = customerSendsSince(r.t, from);
    const actor = before.staff.find((s) => s.handle === this.handle && s.active);
    const conv = before.conversations.find((c) => c.id === this.n);
    const to = customerOf(r.t, this.n);
    const owner = actor !== undefined && conv?.status === "open" && conv.assigneeId === actor.id;
    if (!owner || to === null) {
      expect(sends, `${this} reached a customer`).toEqual([]);
      if (actor === undefined) return;
      const answer = answerAfter(r.t, actor.id, before.lastOutboxId);
      checkAnswerIsClean(answer);
      expect(answer, `${this} was refused in silence`).not.toBeNull();
      expect(changedSince(before, after), `refused ${this} → "${answer}" changed something`).toBe(false);
      const decision = policyDecision(before, r.teamIds, actor.id, `/reply #${this.n} x`);
      if (decision !== null && !decision.ok) expect(answer).toContain("Not allowed");
      else if (conv?.status === "closed") expect(answer).toContain("closed");
      return;
    }
    expect(
      sends.map((s) => ({ to: digits(s.to), type: s.type, template: s.template })),
      `${this} by the owner`,
    ).toEqual([{ to, type: "template", template: { name: "order_update", params: form.params(this.k) } }]);
    const answer = answerAfter(r.t, actor.id, before.lastOutboxId) ?? "";
    expect(answer).toMatch(new RegExp(`^#${this.n} template order_update \\(${form.language}\\) queued to `));
    const open = windowOpen(m, r.t.clock.now(), this.n);
    expect(answer, `${this}: the window as the model sees it`).toContain(
      open ? "window open" : "window closed",
    );
    if (!open) expect(answer).toContain("the window reopens when the customer answers");
    expect(changedSince(before, after), `${this} → "${answer}" changed nothing`).toBe(true);
  }
  toString = () => `@${this.handle}${this.take ? " takes and" : ""}: ${this.text()}`;
}

/**
 * Plain text quoting a bot message (SPEC §4–§6). It reaches a customer only when the quoted message is a
 * forward of that customer's message, the writer owns the conversation, it is open and its window is
 * open; then it is relayed silently. Otherwise nothing reaches any customer and nothing changes: a
 * refusal with the reason, or (quoting a notification) a hint. `pick` counts back from the writer's
 * latest bot message; `preferForward` picks among forwards when there are any.
 */
class QuoteReply implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly handle: Handle,
    readonly preferForward: boolean,
    readonly pick: number,
    readonly k: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const mine = r.t.sent.filter((s) => digits(s.to) === digits(STAFF[this.handle]));
    const forwards = mine.filter((s) => quotedKind(r.t, s.wamid).kind !== "none");
    const pool = this.preferForward && forwards.length > 0 ? forwards : mine;
    const quoted = pool[pool.length - 1 - (this.pick % Math.max(pool.length, 1))];
    if (quoted === undefined) return;
    const q = quotedKind(r.t, quoted.wamid);
    const text = `reply quoted ${this.k}`;
    const from = r.sentSeen;
    const isActive = () => snapshot(r.t).staff.some((s) => s.handle === this.handle && s.active);
    const { before, after } = await step(m, r, () =>
      writeAs(m, r, STAFF[this.handle], text, isActive(), quoted.wamid),
    );
    const sends = customerSendsSince(r.t, from);
    const actor = before.staff.find((s) => s.handle === this.handle && s.active);
    const target = q.kind === "none" ? null : q.conversationId;
    const conv = before.conversations.find((c) => c.id === target);
    const may =
      actor !== undefined &&
      conv !== undefined &&
      conv.status === "open" &&
      conv.assigneeId === actor.id &&
      windowOpen(m, r.t.clock.now(), conv.id);
    const what = `@${this.handle} quoting "${quoted.text?.split("\n")[0]}" (${q.kind})`;
    if (!may) expect(sends, `${what} reached a customer`).toEqual([]);
    else if (q.kind === "forward" || sends.length > 0) {
      expect(
        sends.map((s) => ({ to: digits(s.to), type: s.type, text: s.text })),
        `${what}: relayed to its customer`,
      ).toEqual([{ to: customerOf(r.t, conv.id), type: "text", text }]);
    }
    if (actor === undefined) return;
    const answer = answerAfter(r.t, actor.id, before.lastOutboxId);
    checkAnswerIsClean(answer);
    if (sends.length > 0) {
      expect(answer, `${what}: a relayed reply gets no "sent" message`).toBeNull();
      expect(changedSince(before, after), `${what} changed nothing`).toBe(true);
      return;
    }
    expect(answer, `${what} was answered with nothing`).not.toBeNull();
    expect(changedSince(before, after), `${what} → "${answer}" changed something`).toBe(false);
    if (q.kind === "forward") {
      expect(answer, `${what}: the refusal names the conversation`).toContain(`#${q.conversationId}`);
      if (conv !== undefined && conv.assigneeId !== actor.id && conv.status === "open")
        expect(answer).toContain("Not allowed");
    }
  }
  toString = () =>
    `@${this.handle} quotes ${this.preferForward ? "a forward" : "a bot message"} (${this.pick} back): reply quoted ${this.k}`;
}

/**
 * Take a conversation, its customer writes (a forward to the new owner), time passes (maybe past the
 * window), the owner quote-replies.
 */
class OwnerQuotes implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly handle: Handle,
    readonly n: number,
    readonly k: number,
    readonly wait: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await new StaffCommand(this.handle, `/assign me #${this.n}`).run(m, r);
    const to = customerOf(r.t, this.n);
    const customer = CUSTOMERS.find((p) => digits(p) === to);
    if (customer !== undefined) await new CustomerWrites(customer, this.k).run(m, r);
    if (this.wait > 0) await new ClockJump(this.wait).run(m, r);
    await new QuoteReply(this.handle, true, 0, this.k).run(m, r);
  }
  toString = () =>
    `@${this.handle} takes #${this.n}, its customer writes, +${Math.round(this.wait / MINUTE_MS)}m, @${this.handle} quote-replies`;
}

const handle = fc.constantFrom(...HANDLES);
const conv = fc.integer({ min: 1, max: 4 });
const other = fc.constantFrom("@ada", "@bob", "@maria", "@carl", "@dina", "@mona");
const team = fc.constantFrom("team sales", "team support");
const numbered = (make: (n: number, k: number) => string) =>
  fc.tuple(conv, fc.nat(99)).map(([n, k]) => make(n, k));
// Weighted like a working day: people mostly take conversations and answer them.
const staffText = fc.oneof(
  { arbitrary: numbered((n) => `/assign me #${n}`), weight: 4 },
  { arbitrary: fc.tuple(other, conv).map(([to, n]) => `/assign ${to} #${n}`), weight: 2 },
  { arbitrary: fc.tuple(team, conv).map(([to, n]) => `/assign ${to} #${n}`), weight: 1 },
  { arbitrary: numbered((n) => `/unassign #${n}`), weight: 1 },
  { arbitrary: numbered((n) => `/close #${n} done`), weight: 2 },
  { arbitrary: numbered((n) => `/reopen #${n}`), weight: 1 },
  { arbitrary: numbered((n, k) => `/reply #${n} reply ${k}`), weight: 4 },
  { arbitrary: numbered((n, k) => `/note #${n} note ${k}`), weight: 1 },
  { arbitrary: fc.constantFrom("/away", "/back"), weight: 1 },
);
const ownerAction = fc.oneof(
  { arbitrary: fc.nat(99).map((k) => `/reply #N reply ${k}`), weight: 3 },
  { arbitrary: fc.constantFrom("/close #N", "/unassign #N", "/note #N owner note"), weight: 2 },
  { arbitrary: fc.oneof(other, team).map((to) => `/assign ${to} #N`), weight: 1 },
);
const adminText = fc.oneof(
  handle.map((h) => `/staff remove @${h}`),
  handle.map((h) => `/staff add ${STAFF[h]} ${h} ${ROLES[h]}`),
  fc.constantFrom("none", "own", "any").map((v) => `/set agent_reassign ${v}`),
);
/** With auto-assignment on, admins also move its settings. */
const autorunAdminText = fc.oneof(
  adminText,
  fc.constantFrom("off", "round_robin", "balanced").map((v) => `/set auto_assign ${v}`),
  fc.constantFrom("0", "1", "2", "none").map((v) => `/set max_open ${v}`),
);

const commandsWith = (admin: fc.Arbitrary<string>) =>
  fc.commands(
    [
      fc.tuple(fc.constantFrom(...CUSTOMERS), fc.nat(999)).map(([p, n]) => new CustomerWrites(p, n)),
      fc.tuple(handle, staffText).map(([h, text]) => new StaffCommand(h, text)),
      fc.tuple(handle, staffText).map(([h, text]) => new StaffCommand(h, text)),
      fc
        .tuple(handle, fc.integer({ min: 1, max: 3 }), ownerAction)
        .map(([h, n, then]) => new TakeThen(h, n, then)),
      fc
        .tuple(handle, fc.integer({ min: 1, max: 3 }), ownerAction)
        .map(([h, n, then]) => new TakeThen(h, n, then)),
      fc
        .tuple(fc.constantFrom<Handle>("ada", "ada", "bob", "maria"), admin)
        .map(([h, text]) => new StaffCommand(h, text)),
      fc
        .tuple(handle, fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.nat(2), fc.nat(99))
        .map(([h, n, take, form, k]) => new TemplateCommand(h, n, take, form, k)),
      fc
        .tuple(handle, fc.boolean(), fc.nat(4), fc.nat(99))
        .map(([h, prefer, pick, k]) => new QuoteReply(h, prefer, pick, k)),
      fc
        .tuple(
          handle,
          fc.integer({ min: 1, max: 3 }),
          fc.nat(99),
          fc.constantFrom(0, 0, HOUR_MS, 25 * HOUR_MS),
        )
        .map(([h, n, k, wait]) => new OwnerQuotes(h, n, k, wait)),
      fc
        .constantFrom(MINUTE_MS, 2 * HOUR_MS, 23 * HOUR_MS, 25 * HOUR_MS, 72 * HOUR_MS)
        .map((ms) => new ClockJump(ms)),
      fc
        .tuple(
          handle,
          fc.constantFrom<CheckView["view"]>(
            "new",
            "mine",
            "assigned",
            "closed",
            "queue sales",
            "queue support",
          ),
        )
        .map(([h, v]) => new CheckView(h, v)),
    ],
    { maxCommands: 40, size: "max" },
  );
const commands = commandsWith(adminText);

describe("model-based: random customers, staff commands and clock jumps keep every invariant", () => {
  it("holds for 30 generated sequences (fixed seed)", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        graphServer.resetHandlers();
        const t = await startInbox();
        const teamIds = new Map(teamRows(t).map((row) => [row.name, row.id]));
        const model: Model = { windows: new Map(), convWindows: new Map() };
        const real: Real = { t, sentSeen: t.sent.length, teamIds };
        try {
          // Every customer writes once first, so commands find conversations #1–#3 to act on.
          for (const [i, phone] of CUSTOMERS.entries()) await new CustomerWrites(phone, i).run(model, real);
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          await t.close();
        }
      }),
      { seed: 20260708, numRuns: 30 },
    );
  });
});

describe("model-based, with auto-assignment on (SPEC §13)", () => {
  it("never hands a conversation to an admin, someone away, someone at max_open, or someone §5 would refuse", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        commandsWith(autorunAdminText),
        fc.constantFrom("balanced", "round_robin"),
        fc.constantFrom("1", "2", "none"),
        async (cmds, mode, max) => {
          graphServer.resetHandlers();
          const t = await startInbox();
          await t.write(ADA, `/set auto_assign ${mode}`);
          await t.write(ADA, `/set max_open ${max}`);
          const teamIds = new Map(teamRows(t).map((row) => [row.name, row.id]));
          const model: Model = { windows: new Map(), convWindows: new Map() };
          const real: Real = { t, sentSeen: t.sent.length, teamIds, autoAssign: true };
          try {
            for (const [i, phone] of CUSTOMERS.entries()) await new CustomerWrites(phone, i).run(model, real);
            await fc.asyncModelRun(() => ({ model, real }), cmds);
          } finally {
            await t.close();
          }
        },
      ),
      { seed: 20261204, numRuns: 15 },
    );
  });
});

function teamRows(t: InboxUnderTest) {
  return t.db.select({ id: teams.id, name: teams.name }).from(teams).all();
}
