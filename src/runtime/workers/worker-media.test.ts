// The media relay in the Durable Object, in workerd (SPEC §11 on both runtimes): a customer's photo
// reaches its owner as a photo, fetched, streamed into an upload and sent by the object's alarm.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../../test/kit/fixtures.js";
import { makeMessageWebhook } from "../../../test/kit/media.js";
import { eventually, startWorkerRuntime, type WorkerRuntime } from "../../../test/kit/miniflare.js";
import { workerMediaFiles } from "../../../test/kit/miniflare-media.js";

const ADA = "15550000001";
const SHEENA = "15557770001";
let worker: WorkerRuntime;
let seq = 0;

beforeAll(async () => {
  worker = await startWorkerRuntime({ numbers: [TEST_PHONE_NUMBER_ID] });
}, 60_000);
afterAll(async () => {
  await worker?.dispose();
});

const now = () => Math.floor(Date.now() / 1000);
async function text(from: string, body: string): Promise<void> {
  seq += 1;
  const webhook = makeTextWebhook({
    from,
    id: `wamid.WM.${seq}`,
    text: body,
    name: "Sheena Nelson",
    timestamp: now(),
  });
  expect((await worker.post(webhook)).status).toBe(200);
}
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

it("relays a customer's photo to its owner, byte for byte", async () => {
  await text(ADA, "/whoami");
  await text(SHEENA, "hello");
  await eventually(
    () => (worker.graphCalls.some((c) => c.text?.startsWith("#1 ·")) ? true : undefined),
    "the New notice",
  );
  await text(ADA, "/assign me #1");
  await eventually(
    () => (worker.graphCalls.some((c) => c.text?.startsWith("#1 assigned to you")) ? true : undefined),
    "the assignment answer",
  );

  const bytes = new Uint8Array(randomBytes(200_000));
  workerMediaFiles.set("WM.PHOTO", { bytes, mime: "image/jpeg" });
  seq += 1;
  const photo = makeMessageWebhook({
    from: SHEENA,
    id: `wamid.WM.${seq}`,
    timestamp: now(),
    name: "Sheena Nelson",
    // The checksum as Meta sends it (base64): checked in workerd by the portable SHA-256 as bytes pass.
    message: {
      type: "image",
      image: {
        id: "WM.PHOTO",
        mime_type: "image/jpeg",
        caption: "the box",
        sha256: createHash("sha256").update(bytes).digest("base64"),
      },
    },
  });
  expect((await worker.post(photo)).status).toBe(200);
  const sent = await eventually(
    () => worker.graphCalls.find((c) => c.body.type === "image"),
    "the photo to reach Ada",
    20_000,
  );
  expect(sent.to.replace(/^\+/, "")).toBe(ADA);
  const image = sent.body.image as { id: string; caption: string };
  expect(image.caption).toBe("#1 · Sheena Nelson\nthe box");
  expect(sha(workerMediaFiles.get(image.id)?.bytes ?? new Uint8Array())).toBe(sha(bytes));
}, 60_000);
