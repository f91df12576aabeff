// npm run demo: the sandbox (the real bot and the simulated Meta) driven by a script instead of a browser.
// A customer writes, an agent takes it and answers, a manager reassigns it, the 24-hour window closes,
// and a template opens the way back. Every message is printed as it happens, both sides.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonLogger } from "../src/log.js";
import type { ChatEntry } from "../src/sandbox/chat-log.js";
import { startSandbox } from "../src/sandbox/sandbox.js";

const SHEENA = "15550100101";
const BOB = "15550100002";
const MARIA = "15550100003";
const DINA = "15550100004";

const dataDir = mkdtempSync(join(tmpdir(), "inbox-demo-"));
// Meta's status webhooks sooner than in the browser sandbox: nobody needs to watch the ticks turn blue here.
const sandbox = await startSandbox({
  env: { DATA_DIR: dataDir, PORT: "0" },
  log: jsonLogger("error"),
  statusDelaysMs: [20, 60, 120],
});
const { chats } = sandbox.simulator;
const out = (line = "") => process.stdout.write(`${line}\n`);

const COLUMN = 34;
function label(waId: string): string {
  const person = chats.person(waId);
  if (person?.seed) return `@${person.seed.handle} (${person.seed.role})`;
  return person ? `${person.name} (customer)` : `+${waId}`;
}
function print(arrow: string, text: string): void {
  const [first = "", ...rest] = text.split("\n");
  out(`  ${arrow.padEnd(COLUMN)}${first}`);
  for (const line of rest) out(`  ${"".padEnd(COLUMN)}${line}`);
}

// Printed live, in the order Meta sees them: what people send, what the bot sends, customers' read ticks.
let printing = false;
chats.subscribe((change) => {
  if (!printing || change.kind !== "entry") return;
  const { entry, added } = change;
  // A clock jump writes its note into every phone's chat; once is enough here.
  if (entry.author === "system" && added && entry.phone === SHEENA) out(`  ${entry.text}`);
  if (entry.author === "person" && added) print(`${label(entry.phone)} ─▶ bot`, quoted(entry) + entry.text);
  if (entry.author === "business" && added) print(`bot ─▶ ${label(entry.phone)}`, quoted(entry) + entry.text);
  if (entry.author === "business" && !added && chats.person(entry.phone)?.side === "customer") {
    if (entry.status === "read" || entry.status === "failed") {
      print("", `${entry.status === "read" ? "✓✓ read" : `⚠ ${entry.error}`} by ${label(entry.phone)}`);
    }
  }
});
function quoted(entry: ChatEntry): string {
  return entry.quoted ? `[replying to "${entry.quoted.text.split("\n")[0]}"] ` : "";
}

async function step(title: string, run: () => Promise<void>): Promise<void> {
  out();
  out(`── ${title}`);
  await run();
  await sandbox.settle();
}
const say = async (waId: string, text: string, quotedWamid: string | null = null) => {
  await sandbox.simulator.personSends(waId, text, quotedWamid);
  await sandbox.settle();
};
const lastFromBot = (waId: string) =>
  chats
    .chat(waId)
    .filter((e) => e.author === "business")
    .at(-1);

out(
  "Inbox demo: the real bot with a simulated Meta, in this process. No Meta account, nothing leaves the machine.",
);
out("Seeded through the bot's own commands: @ada (admin), @bob (manager, sales + support),");
out("@maria (agent, sales), @dina (agent, support); customers Sheena Nelson, Kenji Watanabe, ليلى 🌸.");
printing = true;

try {
  await step("A customer writes; every available staff member hears of it", () =>
    say(SHEENA, "Hi! Is my order #4521 ready for pickup?"),
  );
  await step("Maria (agent, sales) takes it", () => say(MARIA, "/assign me #1"));
  await step("Maria answers; Sheena replies to that answer (a quote), which goes to Maria", async () => {
    await say(MARIA, "/reply #1 Yes! It's ready, we're open until 6pm.");
    await say(SHEENA, "Great, can my brother pick it up?", lastFromBot(SHEENA)?.wamid ?? null);
  });
  await step("Bob (manager) reassigns it to Dina in support", () => say(BOB, "/assign @dina #1"));
  await step("25 hours pass: the customer's 24-hour window closes", async () => {
    await fetch(`${sandbox.origin}/sandbox/api/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hours: 25 }),
    });
    await say(DINA, "/reply #1 Yes, he can!");
  });
  await step("A template is the way back in; Sheena answers and the window is open again", async () => {
    await say(DINA, "/template #1 pickup_reminder en_US 4521");
    await say(SHEENA, "Thanks, he'll come today");
    await say(DINA, "/reply #1 Perfect, see you!");
  });
  await step("The conversation's history", () => say(DINA, "/show #1"));
  out();
  out(
    "Try it yourself in a browser: npm start (with no WHATSAPP_* secrets set), then open the URL it prints.",
  );
} finally {
  printing = false;
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
}
