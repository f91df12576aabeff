// Properties of what the bot sends with buttons or as a list (SPEC §12): every interactive message keeps
// to Meta's limits whatever the names (any script, emoji, right-to-left), and a notice too long for a
// body is split, never cut.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestInbox } from "../../test/kit/inbox-harness.js";
import { handleFrom, teamNameFrom } from "../domain/names.js";
import { createCustomerNotifier } from "../inbox/customer-notices.js";
import { splitForButtons } from "../inbox/notice-buttons.js";
import type { InboxOptions } from "../inbox/options.js";
import { silentLogger } from "../log.js";
import { BODY_LIMIT, BUTTON_TITLE_LIMIT, ROW_ID_LIMIT, ROW_TITLE_LIMIT } from "../outbox/interactive.js";
import { outbox, settings, staff, teams } from "../store/schema.js";
import { createStaffChannel } from "./staff-channel.js";

const NOW = Date.UTC(2026, 11, 4, 12);
const options: InboxOptions = {
  phoneNumberId: "106540352242922",
  reopenWindowHours: 24,
  staffGroupId: null,
  staffNotifyTemplate: null,
};
const channel = createStaffChannel(options, silentLogger);

/** No lone surrogate: nothing was cut inside a character. */
const wellFormed = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe("a long notice is split, never cut", () => {
  it("the first part, one line break or space, then the rest within a body's 1,024 characters", () => {
    const piece = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom("\n", " ", "ليلى 🌸", "👍🏽"),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 200 }), (pieces) => {
        const text = pieces.join("");
        const split = splitForButtons(text);
        if (text.length <= BODY_LIMIT) {
          expect(split).toBeNull();
          return;
        }
        if (split === null) return;
        expect(split.rest.length).toBeLessThanOrEqual(BODY_LIMIT);
        expect(wellFormed(split.rest) && wellFormed(split.head)).toBe(true);
        const gap = text.length - split.head.length - split.rest.length;
        expect(gap === 0 || (gap === 1 && /[\n ]/.test(text.charAt(split.head.length)))).toBe(true);
        expect(text.startsWith(split.head) && text.endsWith(split.rest)).toBe(true);
      }),
    );
  });
});

describe("Meta's limits hold whatever the names", () => {
  const letters = fc
    .integer({ min: 0x41, max: 0x2ffff })
    .map((code) => String.fromCodePoint(code))
    .filter((c) => /^\p{L}$/u.test(c));
  const name = (read: (text: string) => string | null) =>
    fc
      .array(letters, { minLength: 1, maxLength: 32 })
      .map((cs) => read(cs.join("")))
      .filter((x): x is string => x !== null && x !== "me" && x !== "team");
  const customerName = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 80 }),
    fc.constantFrom("ليلى 🌸", "👩🏽‍💻👨‍👩‍👧‍👦🇪🇸", "שָׁלוֹם עליכם", "Zoë Ñúñez", "王小明"),
  );

  it("every button title ≤ 20, row title ≤ 24, row id ≤ 200 and body ≤ 1,024 characters", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(name(handleFrom), { minLength: 1, maxLength: 14 }),
        fc.uniqueArray(name(teamNameFrom), { minLength: 0, maxLength: 4 }),
        customerName,
        fc.string({ unit: "grapheme", maxLength: 1500 }),
        fc.constantFrom("en", "es"),
        (handles, teamNames, customer, text, language) => {
          const { db, close, deliver } = createTestInbox({
            start: NOW,
            notifier: createCustomerNotifier(options),
            staffChannel: channel,
          });
          try {
            db.insert(settings).values({ key: "language", value: language }).run();
            db.insert(staff)
              .values({
                handle: "ada",
                phone: "+15550000001",
                waId: "15550000001",
                role: "admin",
                windowExpiresAt: NOW + 3_600_000,
                createdAt: NOW,
              })
              .run();
            handles.forEach((handle, i) => {
              const phone = `+1555100${String(i).padStart(4, "0")}`;
              db.insert(staff)
                .values({
                  handle,
                  phone,
                  waId: phone.slice(1),
                  role: "agent",
                  windowExpiresAt: NOW + 3_600_000,
                  createdAt: NOW,
                })
                .run();
            });
            for (const t of teamNames) db.insert(teams).values({ name: t, createdAt: NOW }).run();
            deliver(inbound("15557770001", customer, text === "" ? "hi" : text, "wamid.C1"));
            deliver(inbound("15550000001", null, "/assign #1", "wamid.S1"));
            const interactive = db
              .select()
              .from(outbox)
              .all()
              .map((r) => JSON.parse(r.payload))
              .filter((p) => p.type === "interactive");
            expect(interactive.some((p) => p.interactive.type === "list")).toBe(true);
            for (const p of interactive) {
              expect(p.interactive.body.text.length).toBeLessThanOrEqual(BODY_LIMIT);
              for (const b of p.interactive.action.buttons ?? [])
                expect(b.reply.title.length).toBeLessThanOrEqual(BUTTON_TITLE_LIMIT);
              for (const r of (p.interactive.action.sections ?? []).flatMap(
                (x: { rows: unknown[] }) => x.rows,
              )) {
                expect(r.title.length).toBeLessThanOrEqual(ROW_TITLE_LIMIT);
                expect(r.id.length).toBeLessThanOrEqual(ROW_ID_LIMIT);
                // A title is never cut inside a character: no lone surrogate.
                expect(wellFormed(r.title)).toBe(true);
              }
            }
          } finally {
            close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

function inbound(from: string, name: string | null, text: string, id: string) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001234", phone_number_id: options.phoneNumberId },
              contacts: [{ wa_id: from, ...(name === null ? {} : { profile: { name } }) }],
              messages: [
                { from, id, timestamp: String(Math.floor(NOW / 1000)), type: "text", text: { body: text } },
              ],
            },
          },
        ],
      },
    ],
  };
}
