// /set of the settings of SPEC §13 that take more than a word: each bad value gets what is wrong and an
// example, nothing is half-applied, admins only, and every change lands in the settings history.
import { asc } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { staffAnswers } from "../../../test/kit/staff-answers.js";
import { settings, settingsHistory } from "../../store/schema.js";
import { readSettings } from "../lookup.js";

useGraphServer();

const ADA = "+15550000001";
const BOB = "+15550000002";

let e: Awaited<ReturnType<typeof startE2E>>;
beforeEach(async () => {
  e = await startE2E();
  e.seedStaff("bob", BOB, "manager", ["sales"]);
});
afterEach(async () => {
  await e.close();
});

const { ask } = staffAnswers(() => e);
const stored = () => e.db.select().from(settings).orderBy(asc(settings.key)).all();

describe("a bad value says what is wrong, with an example, and changes nothing", () => {
  it.each([
    [
      "/set hours mon-fry 9-18",
      'hours cannot be "mon-fry 9-18": "fry" is not a day (mon, tue, wed, thu, fri, sat, sun; a range is mon-fri). Example: /set hours mon-fri 09:00-18:00, sat 10:00-14:00',
    ],
    [
      "/set hours mon-fri 9-18",
      'hours cannot be "mon-fri 9-18": "9" is not a time: write 24-hour HH:MM, e.g. 09:00-18:00. Example: /set hours mon-fri 09:00-18:00, sat 10:00-14:00',
    ],
    [
      "/set hours mon 10:00-10:00",
      'hours cannot be "mon 10:00-10:00": "mon 10:00-10:00" starts and ends at the same time. Example: /set hours mon-fri 09:00-18:00, sat 10:00-14:00',
    ],
    [
      "/set follow_up 15",
      'follow_up cannot be "15": write a duration such as 45m, 2h, 1h30m or 1d, or off. Example: /set follow_up 15m',
    ],
    [
      "/set follow_up 0m",
      'follow_up cannot be "0m": a duration must be longer than 0 minutes; off turns it off. Example: /set follow_up 15m',
    ],
    [
      "/set window_warning 40d",
      'window_warning cannot be "40d": a duration may be at most 30d. Example: /set window_warning 2h',
    ],
    [
      "/set max_open five",
      'max_open cannot be "five": write a whole number, or none for no limit. Example: /set max_open 5',
    ],
    [
      "/set timezone Mars/Olympus",
      'timezone cannot be "Mars/Olympus": that is not a time zone; write an IANA name such as Europe/Berlin or America/Bogota. Example: /set timezone Europe/Berlin',
    ],
    [
      "/set auto_assign sometimes",
      'auto_assign cannot be "sometimes". Allowed: off, round_robin, balanced (default off).\n  off: people take conversations themselves\n  round_robin: in turns, in the order people joined the staff\n  balanced: to whoever has the fewest open conversations',
    ],
  ])("%s", async (command, answer) => {
    expect(await ask(ADA, command)).toBe(answer);
    expect(stored()).toEqual([]);
    expect(e.db.select().from(settingsHistory).all()).toEqual([]);
  });

  it("shows away_message's example text in the reader's language", async () => {
    expect(await ask(ADA, `/set away_message ${"a".repeat(1001)}`)).toMatch(
      /: the message may be at most 1000 characters\. Example: \/set away_message Thanks for writing! We answer Mon-Fri 9-18\.$/,
    );
    expect(stored()).toEqual([]);
  });

  it("answers in Spanish when the inbox is in Spanish", async () => {
    await ask(ADA, "/set language es");
    expect(await ask(ADA, "/set hours mon-fry 9-18")).toBe(
      'hours no puede ser "mon-fry 9-18": "fry" no es un día (mon, tue, wed, thu, fri, sat, sun; un rango es mon-fri). Ejemplo: /set hours mon-fri 09:00-18:00, sat 10:00-14:00',
    );
    // The one example with free text in it is worded in the reader's language; commands stay as typed.
    const tooLong = await ask(ADA, `/set away_message ${"a".repeat(1001)}`);
    expect(tooLong).toMatch(
      /^away_message no puede ser "a+.*": el mensaje puede tener como máximo 1000 caracteres\./,
    );
    expect(tooLong).toMatch(
      /\. Ejemplo: \/set away_message ¡Gracias por escribir! Respondemos de lunes a viernes, de 9 a 18 h\.$/,
    );
    expect(stored()).toEqual([{ key: "language", value: "es" }]);
  });
});

describe("a good value", () => {
  it("is stored in its canonical spelling and read back typed", async () => {
    expect(await ask(ADA, "/set hours Mon-Fri 9:00-18:00, sat 10:00-14:00")).toBe(
      "hours is now mon-fri 09:00-18:00, sat 10:00-14:00 (was always). Nobody else was told.",
    );
    expect(await ask(ADA, "/set follow_up 90m")).toBe(
      "follow_up is now 1h30m (was off). Nobody else was told.",
    );
    expect(await ask(ADA, "/set timezone europe/berlin")).toBe(
      "timezone is now Europe/Berlin (was UTC). Nobody else was told.",
    );
    expect(await ask(ADA, "/set max_open 3")).toBe("max_open is now 3 (was none). Nobody else was told.");
    // The rest of the line, case and punctuation kept.
    expect(await ask(ADA, "/set away_message Thanks! We answer Mon–Fri, 9–18 h.")).toBe(
      "away_message is now Thanks! We answer Mon–Fri, 9–18 h. (was off). Nobody else was told.",
    );
    expect(readSettings(e.db)).toMatchObject({
      hours: "mon-fri 09:00-18:00, sat 10:00-14:00",
      followUp: "1h30m",
      timezone: "Europe/Berlin",
      maxOpen: "3",
      awayMessage: "Thanks! We answer Mon–Fri, 9–18 h.",
    });
    expect(await ask(ADA, "/set follow_up 1h30m")).toBe("follow_up is already 1h30m. Nothing changed.");
  });

  it("is for admins only", async () => {
    expect(await ask(BOB, "/set follow_up 15m")).toBe(
      "Not allowed: only admins change settings. Ask an admin.",
    );
    expect(stored()).toEqual([]);
  });

  it("is recorded in the settings history: who, when, from what to what", async () => {
    await ask(ADA, "/set follow_up 15m");
    e.clock.advance(60_000);
    await ask(ADA, "/set follow_up off");
    const rows = e.db.select().from(settingsHistory).orderBy(asc(settingsHistory.id)).all();
    expect(rows.map((r) => [r.key, r.oldValue, r.newValue, r.staffId, r.at - (rows[0]?.at ?? 0)])).toEqual([
      ["follow_up", "off", "15m", 1, 0],
      ["follow_up", "15m", "off", 1, 60_000],
    ]);
  });
});
