// A staff member's media reaches the customer (SPEC §11): quoting a forwarded message or with a caption
// starting with /reply #N, under the rules of a text reply; refusals and failures answer the sender.
import { HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import type { Sent } from "./kit/e2e.js";
import { fakeFile, sha256Hex } from "./kit/media.js";
import { ADA, type FakeMedia, SHEENA, useMediaE2E } from "./kit/media-e2e.js";

const kit = useMediaE2E();
const { settle, staffSends, owned, received, bytesOf, lastForwardTo } = kit;
let t: (typeof kit.state)["t"];
let media: FakeMedia;
beforeEach(() => {
  ({ t, media } = kit.state);
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
