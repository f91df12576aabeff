// Coalescing never swallows media (SPEC §11, §17.1): however many notices and forwards wait for a person,
// and however far behind they are, each photo or document goes as itself, alone in its message.
import { inArray } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setupClaimTest } from "../../test/kit/outbox.js";
import { outbox } from "../store/schema.js";
import { BEHIND_AFTER_MS } from "./coalesce.js";

const image = JSON.stringify({ type: "image", image: { caption: "#1 · Sheena" } });
const job = JSON.stringify({ kind: "image", id: "M1", n: 1, from: "Sheena" });

type Kind = "notify" | "forward" | "media";

/** Claims runs until nothing is left, checking every batch; returns the media rows sent, in order. */
function drain(t: ReturnType<typeof setupClaimTest>): number[] {
  const mediaSent: number[] = [];
  for (let run = 0; run < 200; run++) {
    const { batches } = t.claim();
    for (const batch of batches) {
      const media = batch.rows.filter((r) => r.purpose === "media");
      if (media.length > 0) {
        // Alone, and still the media it was written as.
        expect(batch.rows).toHaveLength(1);
        expect(batch.message.type).toBe("image");
        mediaSent.push(...media.map((r) => r.id));
      } else {
        expect(batch.message.type).toBe("text");
      }
      t.db
        .update(outbox)
        .set({ status: "sent", leaseUntil: null })
        .where(
          inArray(
            outbox.id,
            batch.rows.map((r) => r.id),
          ),
        )
        .run();
    }
    const left = t.rows().filter((r) => r.status === "pending" || r.status === "sending");
    if (left.length === 0) break;
    t.clock.advance(7_000);
  }
  return mediaSent;
}

describe("coalescing and media", () => {
  it("a photo between two notices is not merged into them", () => {
    const t = setupClaimTest();
    t.add("notify", "#1 new");
    const photo = t.add("media", "", { payload: image, media: job });
    t.add("notify", "#2 new");
    expect(drain(t)).toEqual([photo.id]);
    expect(t.row(photo.id)?.lastError).toBeNull();
    t.close();
  });

  it("a person far behind: their forwards are folded into one line, their photo is not", () => {
    const t = setupClaimTest();
    const createdAt = t.now - 2 * BEHIND_AFTER_MS;
    for (let i = 0; i < 30; i++)
      t.add("forward", `#${i} ${"x".repeat(150)}`, { createdAt, nextAttemptAt: t.now });
    const photo = t.add("media", "", { payload: image, media: job, createdAt, nextAttemptAt: t.now });
    t.claim();
    expect(t.rows().filter((r) => r.lastError?.startsWith("folded into"))).not.toHaveLength(0);
    expect(t.row(photo.id)?.status).toBe("pending");
    expect(drain(t)).toEqual([photo.id]);
    t.close();
  });

  it("property: behind or not, every media row goes out alone and none is folded", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Kind>("notify", "forward", "media"), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        (kinds, behind) => {
          const t = setupClaimTest();
          // Behind: everything was written a while ago and put off to a token, as after a burst.
          const createdAt = behind ? t.now - 2 * BEHIND_AFTER_MS : t.now;
          const written = kinds.map((kind, i) =>
            kind === "media"
              ? t.add("media", "", { payload: image, media: job, createdAt, nextAttemptAt: t.now })
              : t.add(kind, `#${i} ${"x".repeat(150)}`, { createdAt, nextAttemptAt: t.now }),
          );
          const media = written.filter((r) => r.purpose === "media").map((r) => r.id);
          expect(drain(t)).toEqual(media);
          // None was marked sent by folding it into a "+N more" line.
          for (const id of media) expect(t.row(id)?.lastError ?? "").not.toContain("folded");
          t.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("media per run (a Durable Object's subrequest budget)", () => {
  it("claims at most mediaLimit relays; the rest stay due for the next run", () => {
    const t = setupClaimTest();
    const rows = ["15550009001", "15550009002", "15550009003"].map((recipient) =>
      t.add("media", "", { payload: image, media: job, recipient }),
    );
    const first = t.claim({ mediaLimit: 2 });
    expect(first.batches.map((b) => b.rows[0]?.id)).toEqual([rows[0]?.id, rows[1]?.id]);
    expect(t.row(rows[2]?.id ?? 0)?.status).toBe("pending");
    // A relay whose upload is done costs one send only: it is not counted.
    t.db
      .update(outbox)
      .set({ mediaUploadId: "UP.1" })
      .where(inArray(outbox.id, [rows[2]?.id ?? 0]))
      .run();
    expect(t.claim({ mediaLimit: 0 }).batches.map((b) => b.rows[0]?.id)).toEqual([rows[2]?.id]);
    t.close();
  });
});
