// Customer media reaches staff as the same kind of media, byte for byte (SPEC §11), through the real
// pipeline with Meta's media endpoints faked in msw (test/kit/media.ts).
import { eq } from "drizzle-orm";
import { HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../src/store/schema.js";
import { GRAPH, graphServer, type Sent, startE2E, useGraphServer } from "./kit/e2e.js";
import { fakeFile, fakeMetaMedia, makeMessageWebhook, sha256Base64, sha256Hex } from "./kit/media.js";

useGraphServer();

const ADA = "+15550000001";
const SHEENA = "15557770001";

type Harness = Awaited<ReturnType<typeof startE2E>>;
let t: Harness;
let media: ReturnType<typeof fakeMetaMedia>;
let seq = 0;

beforeEach(async () => {
  t = await startE2E();
  media = fakeMetaMedia(graphServer, GRAPH);
});
afterEach(async () => {
  await t.close();
});

/** Lets pacing (one message per person every few seconds) release everything that is due. */
async function settle(rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    t.clock.advance(7_000);
    await t.flush();
  }
}

async function customerSends(message: Record<string, unknown>, from = SHEENA): Promise<void> {
  seq += 1;
  const body = makeMessageWebhook({
    from,
    id: `wamid.MEDIA.${seq}`,
    timestamp: Math.floor(t.clock.now() / 1000),
    name: "Sheena Nelson",
    message,
  });
  expect((await t.post(body)).status).toBe(200);
  await t.flush();
}

/** Sheena has conversation #1, owned by Ada, whose window is open. */
async function owned(): Promise<void> {
  await t.write(SHEENA, "hello", { name: "Sheena Nelson" });
  await t.write(ADA, "/assign me #1");
  await settle();
}

function received(kind: string, to = ADA): Sent[] {
  return t.sentTo(to).filter((s) => s.type === kind);
}

function bytesOf(sent: Sent): Uint8Array {
  const part = sent.body[sent.type] as { id?: string };
  const file = media.files.get(String(part.id));
  if (!file) throw new Error(`no uploaded file ${part.id}`);
  return file.bytes;
}

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

/** A staff member sends media to the bot: a quote of `quotedId`, and/or a caption. */
async function staffSends(from: string, message: Record<string, unknown>, quotedId?: string): Promise<void> {
  seq += 1;
  const body = makeMessageWebhook({
    from: from.replace(/^\+/, ""),
    id: `wamid.STAFF.${seq}`,
    timestamp: Math.floor(t.clock.now() / 1000),
    message,
    ...(quotedId === undefined ? {} : { quotedId }),
  });
  expect((await t.post(body)).status).toBe(200);
  await t.flush();
}

/** The wamid of the forward of Sheena's last text to Ada: what Ada quotes to answer her. */
function lastForwardTo(to = ADA): string {
  const forward = t.db.select().from(outbox).where(eq(outbox.purpose, "forward")).all().at(-1);
  if (!forward?.wamid) throw new Error("no forward sent");
  expect(forward.recipient).toBe(to.replace(/^\+/, ""));
  return forward.wamid;
}

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

describe("staff media to a customer", () => {
  it("a photo quoting a forwarded customer message reaches that customer, byte for byte", async () => {
    await owned();
    await t.write(SHEENA, "can you send the label?");
    await settle();
    const bytes = fakeFile(120_000);
    const id = media.put(bytes, "image/jpeg");
    const before = t.sentTo(ADA).length;
    await staffSends(
      ADA,
      { type: "image", image: { id, mime_type: "image/jpeg", caption: "here it is" } },
      lastForwardTo(),
    );
    await settle();
    const got = received("image", SHEENA);
    expect(got).toHaveLength(1);
    expect(sha256Hex(bytesOf(got[0] as Sent))).toBe(sha256Hex(bytes));
    expect((got[0] as Sent).body.image).toMatchObject({ caption: "here it is" });
    // No "sent" message for a relayed reply.
    expect(t.sentTo(ADA).length).toBe(before);
  });

  it("a document whose caption starts with /reply #N goes with the caption minus the command", async () => {
    await owned();
    const bytes = fakeFile(400_000);
    const id = media.put(bytes, "application/pdf", "label.pdf");
    await staffSends(ADA, {
      type: "document",
      document: {
        id,
        mime_type: "application/pdf",
        filename: "label.pdf",
        caption: "/reply #1 your return label",
      },
    });
    await settle();
    const got = received("document", SHEENA);
    expect(got).toHaveLength(1);
    expect(got[0]?.body.document).toMatchObject({ caption: "your return label", filename: "label.pdf" });
    expect(sha256Hex(bytesOf(got[0] as Sent))).toBe(sha256Hex(bytes));
  });

  it("a voice note from staff reaches the customer as audio", async () => {
    await owned();
    const bytes = fakeFile(30_000);
    await t.write(SHEENA, "call me?");
    await settle();
    const id = media.put(bytes, "audio/ogg");
    await staffSends(
      ADA,
      { type: "audio", audio: { id, mime_type: "audio/ogg", voice: true } },
      lastForwardTo(),
    );
    await settle();
    expect(sha256Hex(bytesOf(received("audio", SHEENA)[0] as Sent))).toBe(sha256Hex(bytes));
  });

  it("from someone who is not the owner: refused with the reason, nothing reaches the customer", async () => {
    await owned();
    t.seedStaff("bob", "+15550000002", "agent");
    await t.write("+15550000002", "/whoami");
    const id = media.put(fakeFile(1000), "image/jpeg");
    await staffSends("+15550000002", {
      type: "image",
      image: { id, mime_type: "image/jpeg", caption: "/reply #1 hi" },
    });
    await settle();
    expect(t.sentTo(SHEENA)).toHaveLength(0);
    expect(media.calls.urls).toBe(0);
    expect(t.lastTo("+15550000002").text).toContain("only the owner replies to the customer");
  });

  it("window closed: refused before anything is fetched", async () => {
    await owned();
    t.clock.advance(25 * 60 * 60_000);
    await t.write(ADA, "/whoami");
    const id = media.put(fakeFile(1000), "image/jpeg");
    await staffSends(ADA, {
      type: "image",
      image: { id, mime_type: "image/jpeg", caption: "/reply #1 late" },
    });
    await settle();
    expect(received("image", SHEENA)).toHaveLength(0);
    expect(media.calls.urls).toBe(0);
    expect(t.lastTo(ADA).text).toContain("/template #1");
  });

  it("media quoting nothing, without /reply #N, gets a hint naming both ways", async () => {
    await owned();
    const id = media.put(fakeFile(1000), "image/jpeg");
    await staffSends(ADA, { type: "image", image: { id, mime_type: "image/jpeg", caption: "look" } });
    await settle();
    expect(t.lastTo(ADA).text).toBe(
      "To send this to a customer, quote their forwarded message, or start the caption with /reply #N.",
    );
    expect(t.sentTo(SHEENA)).toHaveLength(0);
  });

  it("over the limit for its type: the sender is told why, nothing is uploaded", async () => {
    await owned();
    const id = media.put(fakeFile(1000), "video/mp4");
    media.claimedSize.set(id, 17 * 1024 * 1024);
    await staffSends(ADA, {
      type: "video",
      video: { id, mime_type: "video/mp4", caption: "/reply #1 demo" },
    });
    await settle();
    expect(media.calls.uploads).toBe(0);
    expect(t.sentTo(SHEENA)).toHaveLength(0);
    expect(t.lastTo(ADA).text).toContain("your video is 17 MB, over WhatsApp's 16 MB limit for a video");
  });

  it("a 131047 on the send is not retried, and the sender is told", async () => {
    await owned();
    const id = media.put(fakeFile(5000), "image/jpeg");
    let attempts = 0;
    const closed = (body: Record<string, unknown>) => {
      if (body.type !== "image") return null;
      attempts += 1;
      return HttpResponse.json(
        {
          error: { code: 131047, message: "Re-engagement message", error_data: { details: "window closed" } },
        },
        { status: 400 },
      );
    };
    t.failures.push(closed, closed, closed);
    await staffSends(ADA, { type: "image", image: { id, mime_type: "image/jpeg", caption: "/reply #1 hi" } });
    await settle();
    t.clock.advance(30 * 60_000);
    await settle();
    expect(attempts).toBe(1);
    expect(received("image", SHEENA)).toHaveLength(0);
    expect(t.lastTo(ADA).text).toContain("#1");
    expect(t.lastTo(ADA).text).toContain("131047");
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
