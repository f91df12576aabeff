// /templates and /template in the sandbox over real HTTP: the bot reads the simulated Meta's template
// listing (WHATSAPP_BUSINESS_ACCOUNT_ID is the sandbox business's) and checks a template against it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "./sandbox.js";

const MARIA = "15550100003";
const SHEENA = "15550100101";

let sandbox: Sandbox;
beforeAll(async () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-")), PORT: "0" };
  sandbox = await startSandbox({ env, statusDelaysMs: [5, 10, 20] });
}, 30_000);
afterAll(() => sandbox.close());

async function say(waId: string, text: string) {
  await sandbox.simulator.personSends(waId, text, null);
  await sandbox.settle();
}

const botSaid = (waId: string) =>
  sandbox.simulator.chats
    .chat(waId)
    .filter((e) => e.author === "business")
    .map((e) => e.text);

describe("templates in the sandbox", () => {
  it("/templates: the list follows, read from the simulated Meta", async () => {
    const before = botSaid(MARIA).length;
    await say(MARIA, "/templates");
    const [follows, list] = botSaid(MARIA).slice(before);
    expect(follows).toBe("Reading the approved templates from WhatsApp; the list follows in a moment.");
    expect(list?.split("\n")).toEqual(
      expect.arrayContaining([
        "order_update · en_US, es · 1 parameter",
        "pickup_reminder · en_US · 1 parameter",
        "appointment_reminder · en_US · 2 parameters: customer_name | date",
      ]),
    );
    expect(list).not.toContain("summer_sale");
  });

  it("/template is checked before it reaches the simulated Meta; the tour's template goes through", async () => {
    await say(SHEENA, "Hi, is my order ready?");
    await say(MARIA, "/assign me #1");
    await say(MARIA, "/template #1 order_update en_US 4521 | today");
    expect(botSaid(MARIA).at(-1)).toBe(
      "#1 not sent: order_update (en_US) takes 1 parameter, not 2. Send /template #1 order_update en_US <1>",
    );
    await say(MARIA, "/template #1 order_update en_US 4521");
    expect(botSaid(SHEENA).at(-1)).toBe("📋 template order_update (en_US)\n4521");
  });
});
