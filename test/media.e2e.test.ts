// Customer media reaches staff as the same kind of media, byte for byte (SPEC §11), through the real
// pipeline with Meta's media endpoints faked in msw (test/kit/media.ts, test/kit/media-e2e.ts).
import { eq } from "drizzle-orm";
import { HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../src/store/schema.js";
import type { Sent } from "./kit/e2e.js";
import { fakeFile, sha256Base64, sha256Hex } from "./kit/media.js";
import { ADA, type FakeMedia, SHEENA, useMediaE2E } from "./kit/media-e2e.js";

const kit = useMediaE2E();
const { settle, customerSends, owned, received, bytesOf } = kit;
let t: (typeof kit.state)["t"];
let media: FakeMedia;
beforeEach(() => {
  ({ t, media } = kit.state);
});

const CASES = [
  {
    kind: "image",
    mime: "image/jpeg",
    size: 300_000,
    extra: { caption: "the box" },
    caption: "#1 · Sheena Nelson\nthe box",
  },
  { kind: "video", mime: "video/mp4", size: 900_000, extra: {}, caption: "#1 · Sheena Nelson" },
  { kind: "audio", mime: "audio/ogg; codecs=opus", size: 40_000, extra: { voice: true }, caption: null },
  {
    kind: "document",
    mime: "application/pdf",
    size: 200_000,
    extra: { filename: "invoice-0042.pdf" },
    caption: "#1 · Sheena Nelson\ninvoice-0042.pdf",
  },
  { kind: "sticker", mime: "image/webp", size: 20_000, extra: { animated: false }, caption: null },
] as const;

describe("customer media to its owner", () => {
  for (const c of CASES) {
    it(`relays a ${c.kind} byte for byte, as a ${c.kind}`, async () => {
      await owned();
      const bytes = fakeFile(c.size);
      const id = media.put(bytes, c.mime, "filename" in c.extra ? c.extra.filename : null);
      // Meta sends the checksum as base64 now and as hex in older webhooks: both are checked.
      const sha256 = c.kind === "video" ? sha256Hex(bytes) : sha256Base64(bytes);
      await customerSends({ type: c.kind, [c.kind]: { id, mime_type: c.mime, sha256, ...c.extra } });
      await settle();

      const got = received(c.kind);
      expect(got).toHaveLength(1);
      const only = got[0] as Sent;
      expect(sha256Hex(bytesOf(only))).toBe(sha256Hex(bytes));
      const part = only.body[c.kind] as Record<string, unknown>;
      expect(part.caption ?? null).toBe(c.caption);
      if (c.kind === "document") {
        expect(part.filename).toBe("invoice-0042.pdf");
        expect(media.files.get(String(part.id))?.filename).toBe("invoice-0042.pdf");
      }
      if (c.caption === null) {
        // No caption at Meta: a one-line text names the conversation just before it (SPEC §17.1).
        const all = t.sentTo(ADA);
        const before = all[all.indexOf(only) - 1];
        expect(before?.text).toBe("#1 · Sheena Nelson");
      }
      // Metadata only: the size is recorded, the bytes are not.
      const row = t.db.select().from(outbox).where(eq(outbox.purpose, "media")).get();
      expect(row?.mediaStep).toBe(`uploaded ${c.size} bytes`);
    });
  }

  it("forwards a location as a location and shared contacts as contacts", async () => {
    await owned();
    await customerSends({
      type: "location",
      location: { latitude: 52.52, longitude: 13.405, name: "Depot", address: "Alexanderplatz 1" },
    });
    await customerSends({
      type: "contacts",
      contacts: [
        {
          name: { formatted_name: "Kenji Watanabe", first_name: "Kenji" },
          phones: [{ phone: "+81 90 1234 5678" }],
        },
      ],
    });
    await settle();
    const location = received("location");
    expect(location).toHaveLength(1);
    expect(location[0]?.body.location).toEqual({
      latitude: 52.52,
      longitude: 13.405,
      name: "Depot",
      address: "Alexanderplatz 1",
    });
    const contacts = received("contacts");
    expect(contacts).toHaveLength(1);
    expect(JSON.stringify(contacts[0]?.body.contacts)).toContain("Kenji Watanabe");
    expect(t.sentTo(ADA).filter((s) => s.text === "#1 · Sheena Nelson")).toHaveLength(2);
  });

  it("a new conversation that starts with a photo: the New notice, then the photo", async () => {
    await t.write(ADA, "/whoami");
    const bytes = fakeFile(50_000);
    const id = media.put(bytes, "image/png");
    await customerSends({ type: "image", image: { id, mime_type: "image/png", caption: "broken" } });
    await settle();
    const texts = t.sentTo(ADA).map((s) => s.text ?? `[${s.type}]`);
    const notice = texts.findIndex((x) => x.startsWith("#1 · Sheena Nelson"));
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(texts.indexOf("[image]")).toBeGreaterThan(notice);
    expect(sha256Hex(bytesOf(received("image")[0] as Sent))).toBe(sha256Hex(bytes));
  });
});

describe("media that cannot be passed on", () => {
  it("a 400/404 on the media id becomes a text saying it is no longer available", async () => {
    await owned();
    await customerSends({ type: "image", image: { id: "EXPIRED", mime_type: "image/jpeg" } });
    await settle();
    expect(received("image")).toHaveLength(0);
    expect(t.sentTo(ADA).map((s) => s.text)).toContain(
      "#1 · photo from Sheena Nelson, no longer available from WhatsApp",
    );
    expect(media.calls.uploads).toBe(0);
  });

  it("a 404 on the short-lived URL fetches a new URL", async () => {
    await owned();
    const bytes = fakeFile(10_000);
    const id = media.put(bytes, "image/jpeg");
    const gone = () => new HttpResponse(null, { status: 404 });
    media.faults.download.push(gone, gone);
    await customerSends({ type: "image", image: { id, mime_type: "image/jpeg" } });
    await settle();
    expect(media.calls.urls).toBe(3);
    expect(sha256Hex(bytesOf(received("image")[0] as Sent))).toBe(sha256Hex(bytes));
  });

  it("over Meta's size limit: refused with the reason, before any upload", async () => {
    await owned();
    const id = media.put(fakeFile(1000), "image/jpeg");
    media.claimedSize.set(id, 6 * 1024 * 1024);
    await customerSends({ type: "image", image: { id, mime_type: "image/jpeg" } });
    await settle();
    expect(media.calls.uploads).toBe(0);
    expect(media.calls.downloads).toBe(0);
    expect(t.sentTo(ADA).map((s) => s.text)).toContain(
      "#1 · photo from Sheena Nelson not passed on: it is 6 MB, over WhatsApp's 5 MB limit for a photo",
    );
  });

  it("a body longer than its limit is stopped while streaming, never uploaded whole", async () => {
    await owned();
    const id = media.put(fakeFile(150 * 1024), "image/webp");
    media.claimedSize.set(id, 1000);
    media.options.hideLength = true;
    await customerSends({ type: "sticker", sticker: { id, mime_type: "image/webp", animated: false } });
    await settle();
    expect(received("sticker")).toHaveLength(0);
    expect(media.files.size).toBe(1);
    expect(t.sentTo(ADA).map((s) => s.text)).toContain(
      "#1 · sticker from Sheena Nelson not passed on: it is more than 128 KB, over WhatsApp's 100 KB limit for a sticker",
    );
  });

  it("a damaged download (checksum mismatch) is retried, not passed on", async () => {
    await owned();
    const bytes = fakeFile(20_000);
    const id = media.put(bytes, "image/jpeg");
    const wrong = sha256Base64(fakeFile(10));
    await customerSends({ type: "image", image: { id, mime_type: "image/jpeg", sha256: wrong } });
    await settle(3);
    expect(received("image")).toHaveLength(0);
    const row = t.db.select().from(outbox).where(eq(outbox.purpose, "media")).get();
    expect(row?.status).toBe("pending");
    expect(row?.lastError).toContain("checksum");
  });
});

describe("retries", () => {
  it("a 5xx on the upload is retried, and the photo then arrives", async () => {
    await owned();
    const bytes = fakeFile(30_000);
    const id = media.put(bytes, "image/jpeg");
    media.faults.upload.push(() =>
      HttpResponse.json({ error: { code: 1, message: "unknown" } }, { status: 500 }),
    );
    await customerSends({
      type: "image",
      image: { id, mime_type: "image/jpeg", sha256: sha256Base64(bytes) },
    });
    await settle(3);
    for (let i = 0; i < 5 && received("image").length === 0; i++) {
      t.clock.advance(60_000);
      await settle(2);
    }
    expect(media.calls.uploads).toBe(2);
    expect(sha256Hex(bytesOf(received("image")[0] as Sent))).toBe(sha256Hex(bytes));
  });

  it("a send that fails after the upload is retried with the uploaded copy, not uploaded again", async () => {
    await owned();
    const bytes = fakeFile(30_000);
    const id = media.put(bytes, "image/jpeg");
    t.failures.push((body) =>
      body.type === "image"
        ? HttpResponse.json({ error: { code: 2, message: "temporary" } }, { status: 503 })
        : null,
    );
    await customerSends({ type: "image", image: { id, mime_type: "image/jpeg" } });
    await settle(3);
    for (let i = 0; i < 5 && received("image").length === 0; i++) {
      t.clock.advance(60_000);
      await settle(2);
    }
    expect(received("image")).toHaveLength(1);
    expect(media.calls.uploads).toBe(1);
  });
});
describe("a crash between the upload and recording the send", () => {
  it("sends at most once more, by the uploaded copy, without uploading again", async () => {
    await owned();
    const bytes = fakeFile(30_000);
    const id = media.put(bytes, "image/jpeg");
    await customerSends({ type: "image", image: { id, mime_type: "image/jpeg" } });
    await settle();
    expect(received("image")).toHaveLength(1);
    const row = t.db.select().from(outbox).where(eq(outbox.purpose, "media")).get();
    expect(row?.mediaUploadId).not.toBeNull();
    // As a process that died after Meta's 200 and before its outcome was recorded leaves the row: still
    // leased, the upload recorded (its own transaction), the send not.
    t.db
      .update(outbox)
      .set({ status: "sending", leaseUntil: t.clock.now() - 1, wamid: null })
      .where(eq(outbox.id, row?.id ?? 0))
      .run();
    await settle();
    t.clock.advance(60 * 60_000);
    await settle();
    const images = received("image");
    expect(images).toHaveLength(2);
    expect((images[1] as Sent).body.image).toMatchObject({ id: row?.mediaUploadId });
    expect(media.calls.uploads).toBe(1);
  });
});

describe("/show", () => {
  it("lists media messages with their type, file name, size and caption", async () => {
    await owned();
    const photo = media.put(fakeFile(300_000), "image/jpeg");
    await customerSends({ type: "image", image: { id: photo, mime_type: "image/jpeg", caption: "the box" } });
    const pdf = media.put(fakeFile(2_000), "application/pdf", "invoice.pdf");
    await customerSends({
      type: "document",
      document: { id: pdf, mime_type: "application/pdf", filename: "invoice.pdf" },
    });
    await settle();
    await t.write(ADA, "/show #1");
    const shown = t.lastTo(ADA).text ?? "";
    expect(shown).toContain("[photo · 293 KB] the box");
    expect(shown).toContain("[document · invoice.pdf · 2 KB]");
  });
});

describe("while a conversation waits in New (SPEC §17.2)", () => {
  it("media held back by the 10-minute limit is counted in the next notice and reaches whoever takes it", async () => {
    await t.write(ADA, "/whoami");
    await t.write(SHEENA, "hello", { name: "Sheena Nelson" });
    await settle();
    const a = fakeFile(10_000);
    const b = fakeFile(11_000);
    await customerSends({
      type: "image",
      image: { id: media.put(a, "image/jpeg"), mime_type: "image/jpeg" },
    });
    await customerSends({
      type: "image",
      image: { id: media.put(b, "image/jpeg"), mime_type: "image/jpeg" },
    });
    await settle();
    expect(received("image")).toHaveLength(0);
    t.clock.advance(11 * 60_000);
    await t.write(SHEENA, "anyone?", { name: "Sheena Nelson" });
    await settle();
    const notice = t.sentTo(ADA).find((s) => s.text?.includes("anyone?"));
    expect(notice?.text).toContain("also sent: +2 photos");

    await t.write(ADA, "/assign me #1");
    await settle();
    const got = received("image").map((s) => sha256Hex(bytesOf(s)));
    expect(got).toEqual([sha256Hex(a), sha256Hex(b)]);
    // Taking it again later brings nothing twice.
    await t.write(ADA, "/unassign #1");
    await t.write(ADA, "/assign me #1");
    await settle();
    expect(received("image")).toHaveLength(2);
  });
});
