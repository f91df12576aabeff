// Reading what the bot answered staff and what it told them, for the management command tests.
// `harness` is a getter because each test starts a fresh e2e harness.
import { and, asc, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import { textOfPayload } from "../../src/outbox/payload.js";
import { outbox } from "../../src/store/schema.js";
import type { startE2E } from "./e2e.js";

type Harness = Awaited<ReturnType<typeof startE2E>>;

export function staffAnswers(harness: () => Harness) {
  /** The answers the bot sent this number, newest last (notifications left out), each checked sent. */
  const answersTo = (phone: string): string[] => {
    const e = harness();
    return e.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.purpose, "answer"), inArray(outbox.recipient, [phone, phone.slice(1)])))
      .orderBy(asc(outbox.id))
      .all()
      .map((r) => {
        expect(e.sent.some((s) => s.wamid === r.wamid)).toBe(true);
        return textOfPayload(r.payload) ?? r.payload;
      });
  };
  /** Sends a command and returns the bot's one answer to it. */
  const ask = async (from: string, text: string): Promise<string | undefined> => {
    const before = answersTo(from).length;
    await harness().write(from, text);
    const answers = answersTo(from);
    expect(answers).toHaveLength(before + 1);
    return answers[answers.length - 1];
  };
  /** Notifications queued for this staff member, oldest first. */
  const noticesTo = (staffId: number): string[] =>
    harness()
      .db.select()
      .from(outbox)
      .where(and(eq(outbox.staffId, staffId), eq(outbox.purpose, "notify")))
      .orderBy(asc(outbox.id))
      .all()
      .map((r) => textOfPayload(r.payload) ?? r.payload);
  return { answersTo, ask, noticesTo };
}
