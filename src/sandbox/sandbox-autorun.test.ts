// The "done when", in the sandbox over real HTTP: with auto_assign balanced and follow_up 2m, new
// customers are spread over the staff, and an unanswered one comes back after 4 minutes.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, staff } from "../store/schema.js";
import { type Sandbox, startSandbox } from "./sandbox.js";

const ADA = "15550100001";
const MARIA = "15550100003";
const CUSTOMERS = ["15550100101", "15550100102", "15550100103"];

let sandbox: Sandbox;
beforeAll(async () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-autorun-")), PORT: "0" };
  sandbox = await startSandbox({ env, statusDelaysMs: [5, 10, 20] });
}, 30_000);
afterAll(() => sandbox.close());

async function say(waId: string, text: string) {
  await sandbox.simulator.personSends(waId, text, null);
  await sandbox.settle();
}

/** Jumps the sandbox's clock; a run of the dispatcher (its loop's, or this one) fires what became due. */
async function later(ms: number) {
  sandbox.clock.advance(ms);
  await sandbox.node.dispatcher.runOnce();
  await sandbox.settle();
}

const owners = () => {
  const handles = new Map(
    sandbox.node.db
      .select()
      .from(staff)
      .all()
      .map((s) => [s.id, s.handle]),
  );
  return sandbox.node.db
    .select()
    .from(conversations)
    .orderBy(asc(conversations.id))
    .all()
    .map((c) => (c.assigneeId === null ? null : handles.get(c.assigneeId)));
};

describe("the sandbox runs itself", () => {
  it("spreads new customers over the staff and brings an unanswered one back after 2·follow_up", async () => {
    await say(ADA, "/set auto_assign balanced");
    await say(ADA, "/set follow_up 2m");
    for (const waId of CUSTOMERS) await say(waId, "Hello, is anyone there?");
    // @ada is an admin (never auto-assigned); @bob, @maria and @dina get one each.
    expect(owners()).toEqual(["bob", "maria", "dina"]);
    // Maria answers hers; the others do not.
    await say(MARIA, "/reply #2 On it!");
    await later(2 * 60_000 + 1_000);
    await later(2 * 60_000);
    const after = owners();
    expect(after[1]).toBe("maria");
    // #1 and #3 went back to their queues and were handed out again, never straight back.
    expect(after[0]).not.toBe("bob");
    expect(after[2]).not.toBe("dina");
    const chat = sandbox.simulator.chats.chat("15550100002").map((e) => e.text);
    expect(chat.some((t) => /^#1 · .* has waited 2m for an answer/.test(t))).toBe(true);
    expect(
      chat.some((t) => /^#1 went back to New: .* waited 4m for an answer \(follow_up 2m\)/.test(t)),
    ).toBe(true);
  }, 60_000);
});
