// The sandbox in a real browser: Debian's Chromium driven by playwright-core. A customer writes, an agent
// takes the conversation with /assign me #1 and replies; the customer's phone shows the reply with blue
// ticks; then both sides answer by clicking a message to quote it. Leaves a screenshot in test-artifacts/.
// Then the sandbox restarts on the same port under the open page, which must start over with the new run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "./sandbox.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts");

/** Runs scripts/ensure-chromium.sh when Chromium is missing (it installs it when it can, as root). */
function findChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  spawnSync("sh", [join(ROOT, "scripts/ensure-chromium.sh")], { stdio: "inherit", timeout: 15 * 60_000 });
  return existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is missing and could not be installed (scripts/ensure-chromium.sh needs root and apt-get)`;
}

const missing = findChromium();
if (missing) process.stderr.write(`browser test skipped: ${missing}\n`);

const SHEENA = "#p15550100101";
const KENJI = "#p15550100102";
const LAYLA = "#p15550100103";
const MARIA = "#p15550100003";

let sandbox: Sandbox;
let dataDir: string;
const dialogs: string[] = [];
let context: BrowserContext;
let page: Page;
let userDataDir: string;

describe.skipIf(missing !== null)(
  `the sandbox page in Chromium${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), "sandbox-"));
      sandbox = await startSandbox({ env: { DATA_DIR: dataDir, PORT: "0" }, statusDelaysMs: [50, 150, 300] });
      userDataDir = mkdtempSync(join(tmpdir(), "chromium-profile-"));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
        viewport: { width: 1600, height: 1100 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(10_000);
      // The page speaks in its phones and beside its forms, never in a browser dialog.
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }, 60_000);

    afterEach(() => {
      expect(dialogs.splice(0)).toEqual([]);
    });

    afterAll(async () => {
      await context?.close();
      await sandbox?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    });

    async function type(phone: string, text: string): Promise<void> {
      await page.locator(`${phone} input[name=text]`).fill(text);
      await page.locator(`${phone} input[name=text]`).press("Enter");
    }
    const botMessage = (phone: string, text: string | RegExp) =>
      page.locator(`${phone} .msg.theirs`, { hasText: text });

    it("a customer writes, an agent assigns and replies, the customer sees the reply read", async () => {
      await page.goto(sandbox.url);
      await page.locator("body.live").waitFor();

      await type(SHEENA, "Hi, is my order #4521 ready?");
      await botMessage(MARIA, "#1 · Sheena Nelson").waitFor();

      await type(MARIA, "/assign me #1");
      await botMessage(MARIA, "#1 assigned to you").waitFor();
      await expect.poll(() => page.locator(`${SHEENA} .sub`).textContent()).toContain("#1 · open · @maria");

      await type(MARIA, "/reply #1 Yes, it's ready for pickup 📦");
      const reply = botMessage(SHEENA, "ready for pickup");
      await reply.locator('.ticks[data-status="read"]').waitFor();
      expect(await reply.locator(".ticks").textContent()).toBe("✓✓");

      // Sheena swipes to reply: the quote travels as context.id and the bot forwards it to Maria.
      await reply.click();
      await page.locator(`${SHEENA} .quote-bar:not([hidden])`, { hasText: "ready for pickup" }).waitFor();
      await type(SHEENA, "Great, I'll come at 5");
      const forwarded = botMessage(MARIA, "I'll come at 5");
      await forwarded.waitFor();
      await page.locator(`${SHEENA} .msg.mine .quoted`, { hasText: "ready for pickup" }).waitFor();

      // Maria answers by quoting the forwarded message: plain text, no command.
      await forwarded.click();
      await type(MARIA, "See you then!");
      await botMessage(SHEENA, "See you then!").locator('.ticks[data-status="read"]').waitFor();

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "sandbox-browser.png"), fullPage: true });
      expect(existsSync(join(ARTIFACTS, "sandbox-browser.png"))).toBe(true);
    }, 60_000);

    it("after a restart on the same port, the open page starts over and new messages land in the right phones", async () => {
      await page.goto(sandbox.url);
      await page.locator("body.live").waitFor();
      await type(LAYLA, "before the restart");
      await botMessage(MARIA, "before the restart").waitFor();

      // The same port, a fresh bot and database; the page stays open and reconnects by itself.
      const port = new URL(sandbox.origin).port;
      await sandbox.close();
      sandbox = await startSandbox({
        env: { DATA_DIR: dataDir, PORT: port },
        statusDelaysMs: [50, 150, 300],
      });
      // The page notices the new run, reloads, and shows the new run's seed.
      const run = sandbox.simulator.chats.instance;
      await page.locator(`body[data-instance="${run}"].live`).waitFor({ timeout: 20_000 });
      await botMessage(MARIA, "You are @maria").waitFor();

      await type(KENJI, "after the restart");
      await page.locator(`${KENJI} .msg.mine`, { hasText: "after the restart" }).waitFor();
      await botMessage(MARIA, "Kenji Watanabe").waitFor();
      await sandbox.settle();
      // Each message is once on the page, in its own phone; no bubble of the old bot is left to collide with.
      expect(await page.locator(".msg.mine", { hasText: "after the restart" }).count()).toBe(1);
      expect(await page.locator(".msg", { hasText: "before the restart" }).count()).toBe(0);
      const ids = await page.locator("[id]").evaluateAll((els) => els.map((el) => el.id));
      expect(new Set(ids).size).toBe(ids.length);
    }, 60_000);

    it("a visitor adds a customer, whose new phone can write to the bot at once", async () => {
      await page.goto(sandbox.url);
      await page.locator("body.live").waitFor();
      const form = page.locator("form.add-customer");
      await form.locator("[name=name]").fill("Amara Obi");
      await form.locator("[name=phone]").fill("12");
      await form.locator("button").click();
      await form.locator(".form-error", { hasText: "country code" }).waitFor();

      await form.locator("[name=phone]").fill("+1 555 010 0104");
      await form.locator("button").click();
      const amara = "#p15550100104";
      await page.locator(`${amara} .name`, { hasText: "Amara Obi" }).waitFor();
      expect(await page.locator(`${amara} .sub`).textContent()).toContain("no conversation yet");
      expect(await form.locator(".form-error").textContent()).toBe("");
      expect(await form.locator("[name=phone]").inputValue()).toBe("+1 555 010 0105");
      // The form hands the new phone the keyboard.
      await page.locator(`${amara} input[name=text]:focus`).waitFor();

      await type(amara, "Hello, do you deliver on Sundays?");
      await botMessage(MARIA, "Amara Obi").waitFor();
      await expect.poll(() => page.locator(`${amara} .sub`).textContent()).toMatch(/^#\d+ · open · New/);
    }, 60_000);

    it("a text over 4,096 characters goes to the bot, whose own answer shows", async () => {
      const amara = "#p15550100104";
      const story = `Long story: ${"the parcel went round the depot again. ".repeat(130)}THE END`;
      const n = /^#(\d+)/.exec((await page.locator(`${amara} .sub .line`).textContent()) ?? "")?.[1];
      await type(MARIA, `/assign me #${n}`);
      await botMessage(MARIA, `#${n} assigned to you`).waitFor();

      // The customer's whole text reaches the bot (✓✓), which forwards it to its owner.
      await type(amara, story);
      await page
        .locator(`${amara} .msg.mine`, { hasText: "THE END" })
        .locator(".ticks.delivered, .ticks.read")
        .waitFor();
      await botMessage(MARIA, "Long story: the parcel").first().waitFor();

      // Maria answers at the same length: the bot refuses it in its own words, nothing reaches Amara.
      await type(MARIA, `/reply #${n} ${story}`);
      await botMessage(MARIA, /4,?096/).waitFor();
      expect(await page.locator(`${MARIA} .send-error`).isHidden()).toBe(true);
      expect(await page.locator(`${MARIA} input[name=text]`).inputValue()).toBe("");
      expect(await page.locator(`${amara} .msg.theirs`, { hasText: "parcel" }).count()).toBe(0);
    }, 60_000);
  },
);
