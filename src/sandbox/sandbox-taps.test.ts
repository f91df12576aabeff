// SPEC §12 in the sandbox, over real HTTP: a new customer's conversation is taken, shown, reassigned
// through the list and closed with taps and reactions only; the page renders the buttons and the list.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations } from "../store/schema.js";
import { type Sandbox, startSandbox } from "./sandbox.js";

const ADA = "15550100001";
const MARIA = "15550100003";
const KENJI = "15550100102";

let sandbox: Sandbox;
beforeAll(async () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-taps-")), PORT: "0" };
  sandbox = await startSandbox({ env, statusDelaysMs: [5, 10, 20] });
}, 30_000);
afterAll(() => sandbox.close());

const lastFromBot = (waId: string) =>
  sandbox.simulator.chats
    .chat(waId)
    .filter((e) => e.author === "business")
    .at(-1);

async function api(path: string, body: object): Promise<Response> {
  const res = await fetch(`${sandbox.url}/api/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await sandbox.settle();
  return res;
}

const conv = () => sandbox.node.db.select().from(conversations).all()[0];

describe("taps and reactions in the sandbox", () => {
  it("take, show, reassign through the list and close, with taps and a reaction only", async () => {
    await sandbox.simulator.personSends(KENJI, "こんにちは、注文について");
    await sandbox.settle();
    const notice = lastFromBot(ADA);
    expect(notice?.choices?.options.map((o) => o.title)).toEqual(["Take #1", "Show #1"]);
    // The page shows the buttons under the bubble, and 👍 ✅ to react with.
    const page = await (await fetch(sandbox.url)).text();
    expect(page).toContain('data-tap="cmd:/assign me #1"');
    expect(page).toContain('data-react="👍"');

    expect((await api("tap", { phone: ADA, wamid: notice?.wamid, id: "cmd:/assign me #1" })).status).toBe(
      200,
    );
    expect(lastFromBot(ADA)?.text).toMatch(/^#1 assigned to you/);
    // Taking it marked Kenji's message read: his phone shows blue ticks.
    expect(sandbox.simulator.chats.chat(KENJI).at(-1)?.status).toBe("read");

    await api("tap", { phone: ADA, wamid: notice?.wamid, id: "cmd:/show #1" });
    expect(lastFromBot(ADA)?.text).toMatch(/^#1 · /);

    await sandbox.simulator.personSends(ADA, "/assign #1");
    await sandbox.settle();
    const list = lastFromBot(ADA);
    expect(list?.choices?.kind).toBe("list");
    expect(list?.choices?.options.map((o) => o.title)).toContain("@maria");
    await api("tap", { phone: ADA, wamid: list?.wamid, id: "cmd:/assign @maria #1" });
    expect(conv()?.assigneeId).toBe(3);

    const assigned = lastFromBot(MARIA);
    expect(assigned?.choices?.options.map((o) => o.title)).toEqual(["Show #1", "Close #1"]);
    expect((await api("react", { phone: MARIA, wamid: assigned?.wamid, emoji: "✅" })).status).toBe(200);
    expect(conv()?.status).toBe("closed");
    expect(lastFromBot(MARIA)?.text).toMatch(/^#1 closed/);
  });

  it("a phone can tap only what it shows, and react only with an emoji", async () => {
    const notice = lastFromBot(ADA);
    expect(
      (await api("tap", { phone: ADA, wamid: notice?.wamid, id: "cmd:/staff remove @bob" })).status,
    ).toBe(400);
    expect((await api("tap", { phone: MARIA, wamid: notice?.wamid, id: "cmd:/show #1" })).status).toBe(400);
    expect((await api("react", { phone: ADA, wamid: notice?.wamid, emoji: "hello" })).status).toBe(400);
  });
});
