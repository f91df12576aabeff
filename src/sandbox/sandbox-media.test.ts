// Photos, voice notes and documents in the sandbox (SPEC §11): a phone attaches a file over the page's
// own API, the simulated Meta serves it to the bot, and the other phone shows the media the bot
// re-uploaded, byte for byte.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChatEntry } from "./chat-log.js";
import { type Sandbox, startSandbox } from "./sandbox.js";

const MARIA = "15550100003";
const SHEENA = "15550100101";

let sandbox: Sandbox;
beforeAll(async () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-media-")), PORT: "0" };
  sandbox = await startSandbox({ env, statusDelaysMs: [5, 10, 20] });
}, 30_000);
afterAll(() => sandbox.close());

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function attach(phone: string, bytes: Uint8Array, mime: string, filename: string, caption = "") {
  const res = await fetch(`${sandbox.origin}/sandbox/api/send-media`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, data: Buffer.from(bytes).toString("base64"), mime, filename, caption }),
  });
  expect(res.status).toBe(200);
  await sandbox.settle();
}

/** The bytes a phone's media bubble shows, fetched as the page does. */
async function shown(entry: ChatEntry | undefined): Promise<Uint8Array> {
  if (!entry?.media) throw new Error("no media in that bubble");
  const res = await fetch(`${sandbox.origin}/sandbox/media/${entry.media.id}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const received = (waId: string, type: string) =>
  sandbox.simulator.chats.chat(waId).filter((e) => e.author === "business" && e.type === type);

it("a customer's photo, PDF and voice note reach the owner's phone as media; the owner's photo reaches the customer", async () => {
  await sandbox.simulator.personSends(SHEENA, "Hi, my parcel arrived broken");
  await sandbox.settle();
  await sandbox.simulator.personSends(MARIA, "/assign me #1");
  await sandbox.settle();

  const photo = new Uint8Array(randomBytes(80_000));
  const pdf = new Uint8Array(randomBytes(30_000));
  const voice = new Uint8Array(randomBytes(12_000));
  await attach(SHEENA, photo, "image/jpeg", "parcel.jpg", "the box");
  await attach(SHEENA, pdf, "application/pdf", "invoice.pdf");
  await attach(SHEENA, voice, "audio/ogg", "voice.ogg");
  for (let i = 0; i < 20 && received(MARIA, "audio").length === 0; i++) {
    await new Promise((r) => setTimeout(r, 250));
    await sandbox.settle();
  }
  expect(sha(await shown(received(MARIA, "image")[0]))).toBe(sha(photo));
  expect(sha(await shown(received(MARIA, "document")[0]))).toBe(sha(pdf));
  expect(sha(await shown(received(MARIA, "audio")[0]))).toBe(sha(voice));
  expect(received(MARIA, "image")[0]?.text).toContain("#1 · Sheena Nelson\nthe box");

  const label = new Uint8Array(randomBytes(50_000));
  await attach(MARIA, label, "image/png", "label.png", "/reply #1 your return label");
  for (let i = 0; i < 20 && received(SHEENA, "image").length === 0; i++) {
    await new Promise((r) => setTimeout(r, 250));
    await sandbox.settle();
  }
  const got = received(SHEENA, "image")[0];
  expect(sha(await shown(got))).toBe(sha(label));
  expect(got?.text).toBe("[image] your return label");
}, 30_000);

it("the page shows a thumbnail for a photo and has an attach button", async () => {
  const html = await (await fetch(`${sandbox.origin}/sandbox`)).text();
  expect(html).toContain('type="file"');
  expect(html).toMatch(/<img class="media" src="\/sandbox\/media\//);
});
