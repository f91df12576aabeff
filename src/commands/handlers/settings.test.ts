// /settings and /set end to end: signed webhooks in, answers out through msw.
import { asc } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { staffAnswers } from "../../../test/kit/staff-answers.js";
import { settings, staff, teamMembers } from "../../store/schema.js";
import { en } from "../../texts/en.js";
import { es } from "../../texts/es.js";
import { readSettings } from "../lookup.js";
import { allowedValues, SETTING_DEFINITIONS } from "../setting-definitions.js";
import { helpTopic } from "./help.js";

/** How /help <word> shows the syntax to an admin: the second half of a usage answer. */
const usageOf = (word: string) => helpTopic(en, { role: "admin", agentReassign: "own" }, word);

useGraphServer();

const ADA = "+15550000001";
const BOB = "+15550000002";
const MARIA = "+15550000003";
/** What each value allows, one short line each (a phone screen). */
const VALUES = [
  "  none: agents keep what they take from New or their teams' queues",
  "  own: agents may also hand over their own",
  "  any: agents may also take over anyone's, in any team",
].join("\n");
const listing = (value: string) =>
  [
    "Settings:",
    `agent_reassign = ${value} (default own): which conversations agents may move`,
    VALUES,
    "language = en (default en): the language of the bot's messages to staff",
    "  en: English",
    "  es: español",
    "buttons = on (default on): reply buttons and lists in private chats",
    "  on: notices carry buttons, /assign #N a list",
    "  off: text with the command to type",
    "seen_signals = on (default on): customers see their message read when someone takes it or replies",
    "  on: mark read (typing when someone takes it)",
    "  off: never mark read",
    "auto_assign = off (default off): hand New and team-queue conversations to available agents and managers",
    "  off: people take conversations themselves",
    "  round_robin: in turns, in the order people joined the staff",
    "  balanced: to whoever has the fewest open conversations",
    "max_open = none (default none): auto-assignment never gives a person more open conversations than this",
    "  a number (0 = auto-assignment gives nobody anything), or none",
    "follow_up = off (default off): remind an owner who has not answered after this long, hand it back after twice as long",
    "  a duration (15m, 2h, 1h30m, 1d), or off",
    "window_warning = 2h (default 2h): warn this long before an unanswered customer's 24-hour window closes",
    "  a duration (45m, 2h, 1h30m), or off",
    "hours = always (default always): business hours: outside them auto-assignment waits and the away message answers",
    "  days and times, e.g. mon-fri 09:00-18:00, sat 10:00-14:00 (22:00-06:00 runs past midnight), or always",
    "timezone = UTC (default UTC): the time zone of hours and of /stats days",
    "  an IANA time zone, e.g. Europe/Berlin, America/Mexico_City, UTC",
    "away_message = off (default off): sent once to a customer who writes outside business hours",
    "  the text to send (the rest of the line), or off",
    "Admins change one with /set <key> <value>.",
  ].join("\n");

/** Values each free-form setting takes (as stored) and stored values it does not, for the round trips. */
const FREE_SAMPLES: Record<string, { good: string[]; bad: string[] }> = {
  max_open: { good: ["0", "5", "none"], bad: ["05", "-1", "five", ""] },
  follow_up: { good: ["15m", "1h30m", "1d", "off"], bad: ["90m", "15", "0m", ""] },
  window_warning: { good: ["45m", "2h", "off"], bad: ["120m", "2 h", ""] },
  hours: {
    good: ["mon-fri 09:00-18:00, sat 10:00-14:00", "fri-mon 22:00-06:00", "always"],
    bad: ["mon-fry 09:00-18:00", "Mon-Fri 09:00-18:00", "mon-fri 9-18", ""],
  },
  timezone: {
    good: ["Europe/Berlin", "America/Mexico_City", "UTC"],
    bad: ["Mars/Olympus", "europe/berlin", ""],
  },
  away_message: { good: ["Thanks! We answer Mon-Fri 9-18.", "off"], bad: ["", " off", "Off"] },
};
const goodValues = (d: (typeof SETTING_DEFINITIONS)[number]) =>
  d.freeForm ? (FREE_SAMPLES[d.key]?.good ?? []) : allowedValues(d);
const badValues = (d: (typeof SETTING_DEFINITIONS)[number]) =>
  d.freeForm
    ? (FREE_SAMPLES[d.key]?.bad ?? [])
    : ["sometimes", "", ` ${d.defaultValue}`, ...allowedValues(d).map((v) => v.toUpperCase())];

let e: Awaited<ReturnType<typeof startE2E>>;
beforeEach(async () => {
  e = await startE2E();
  e.seedStaff("bob", BOB, "manager", ["sales"]);
  e.seedStaff("maria", MARIA, "agent", ["sales"]);
});
afterEach(async () => {
  await e.close();
});

const { ask } = staffAnswers(() => e);

const storedSettings = () => e.db.select().from(settings).orderBy(asc(settings.key)).all();

/** What a command may change. A staff member's own window is left out: any message they send opens it. */
function snapshot() {
  return {
    staff: e.db
      .select()
      .from(staff)
      .orderBy(asc(staff.id))
      .all()
      .map(({ windowExpiresAt: _, ...row }) => row),
    members: e.db.select().from(teamMembers).all(),
    settings: storedSettings(),
  };
}

describe("the settings registry", () => {
  it("has one entry per key, each default among its allowed values", () => {
    const keys = SETTING_DEFINITIONS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of SETTING_DEFINITIONS) {
      if (d.freeForm) expect(d.freeForm.parse(d.defaultValue)).toEqual({ ok: true, value: d.defaultValue });
      else expect(allowedValues(d)).toContain(d.defaultValue);
      if (d.freeForm) expect(FREE_SAMPLES[d.key], `samples for ${d.key}`).toBeDefined();
    }
  });

  it("fills every InboxSettings field, each with its default while nothing is stored", () => {
    const defaults = Object.fromEntries(SETTING_DEFINITIONS.map((d) => [d.field, d.defaultValue]));
    expect(readSettings(e.db)).toEqual(defaults);
  });
});

/** What /settings shows for one key: "key = value (default …)". */
const listedValue = (answer: string | null | undefined, key: string) =>
  answer
    ?.split("\n")
    .find((line) => line.startsWith(`${key} = `))
    ?.split(" ")[2];

const store = (key: string, value: string) =>
  e.db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();

describe.each(SETTING_DEFINITIONS.map((d) => [d.key, d] as const))("setting %s round-trips", (_key, d) => {
  it("reads as its default when unset", async () => {
    expect(readSettings(e.db)[d.field]).toBe(d.defaultValue);
    expect(listedValue(await ask(ADA, "/settings"), d.key)).toBe(d.defaultValue);
  });

  it.each(goodValues(d))("reads a stored %s back, in readSettings and /settings", async (value) => {
    store(d.key, value);
    expect(readSettings(e.db)[d.field]).toBe(value);
    expect(listedValue(await ask(ADA, "/settings"), d.key)).toBe(value.split(" ")[0]);
  });

  it.each(badValues(d))("reads a bad stored value %j as the default", async (bad) => {
    const other = goodValues(d).find((v) => v !== d.defaultValue);
    if (other !== undefined) store(d.key, other);
    store(d.key, bad);
    expect(readSettings(e.db)[d.field]).toBe(d.defaultValue);
    expect(listedValue(await ask(ADA, "/settings"), d.key)).toBe(d.defaultValue);
  });

  it("reads back what /set stored", async () => {
    for (const value of goodValues(d)) {
      await ask(ADA, `/set ${d.key} ${value}`);
      expect(readSettings(e.db)[d.field]).toBe(value);
    }
  });
});

describe("/settings", () => {
  it("lists each key with its value, default and meaning; anyone may read", async () => {
    expect(await ask(ADA, "/settings")).toBe(listing("own"));
    expect(await ask(MARIA, "/settings")).toBe(listing("own"));
    e.db.insert(settings).values({ key: "agent_reassign", value: "any" }).run();
    expect(await ask(BOB, "/settings")).toBe(listing("any"));
  });

  it("shows the default for a stored value that is no longer allowed", async () => {
    e.db.insert(settings).values({ key: "agent_reassign", value: "sometimes" }).run();
    expect(await ask(ADA, "/settings")).toBe(listing("own"));
  });
});

/** /settings for a Spanish inbox (language es, everything else at its default). */
const SPANISH_LISTING = [
  "Configuración:",
  "agent_reassign = own (por defecto own): qué conversaciones pueden mover los agentes",
  "  none: los agentes se quedan con lo que toman de New o de las colas de sus equipos",
  "  own: los agentes también pueden pasar las suyas",
  "  any: los agentes también pueden quedarse con las de cualquiera, en cualquier equipo",
  "language = es (por defecto en): el idioma de los mensajes del bot al equipo",
  "  en: English",
  "  es: español",
  "buttons = on (por defecto on): botones de respuesta y listas en los chats privados",
  "  on: los avisos llevan botones; /assign #N, una lista",
  "  off: texto con el comando que hay que escribir",
  "seen_signals = on (por defecto on): los clientes ven su mensaje como leído cuando alguien toma la conversación o responde",
  "  on: marcar como leído (y «escribiendo…» cuando alguien la toma)",
  "  off: nunca marcar como leído",
  "auto_assign = off (por defecto off): repartir las conversaciones de New y de las colas de equipo entre los agentes y managers disponibles",
  "  off: cada persona toma las conversaciones por su cuenta",
  "  round_robin: por turnos, en el orden en que cada persona entró en el equipo",
  "  balanced: a quien tenga menos conversaciones abiertas",
  "max_open = none (por defecto none): la asignación automática nunca le da a una persona más conversaciones abiertas que este número",
  "  un número (0 = la asignación automática no le da nada a nadie), o none",
  "follow_up = off (por defecto off): avisar al responsable que lleva este tiempo sin responder, y devolver la conversación tras el doble",
  "  una duración (15m, 2h, 1h30m, 1d), u off",
  "window_warning = 2h (por defecto 2h): avisar con esta antelación antes de que se cierre la ventana de 24 horas de un cliente sin respuesta",
  "  una duración (45m, 2h, 1h30m), u off",
  "hours = always (por defecto always): horario de atención: fuera de él, la asignación automática espera y el mensaje de ausencia responde",
  "  días y horas, p. ej. mon-fri 09:00-18:00, sat 10:00-14:00 (22:00-06:00 cruza la medianoche), o always",
  "timezone = UTC (por defecto UTC): la zona horaria de hours y de los días de /stats",
  "  una zona horaria IANA, p. ej. Europe/Madrid, America/Mexico_City, UTC",
  "away_message = off (por defecto off): se envía una sola vez al cliente que escribe fuera del horario de atención",
  "  el texto que se envía (el resto de la línea), u off",
  "Los admins cambian un ajuste con /set <clave> <valor>.",
].join("\n");

/** The English words of the settings that Spanish words otherwise (a language's own name is the same). */
const englishOnly = (["settingMeanings", "settingValueMeanings", "settingForms"] as const).flatMap((group) =>
  Object.entries(en[group])
    .filter(([key, text]) => (es[group] as Record<string, string>)[key] !== text)
    .map(([, text]) => text),
);

describe("/settings in Spanish", () => {
  it("after /set language es, every meaning, value and form is in Spanish, for every reader", async () => {
    expect(await ask(ADA, "/set language es")).toBe(
      "language ahora es es (antes en): español. No avisé a nadie más.",
    );
    for (const phone of [ADA, BOB, MARIA]) {
      const answer = await ask(phone, "/settings");
      expect(answer).toBe(SPANISH_LISTING);
      for (const text of englishOnly) expect(answer).not.toContain(text);
    }
  });

  it("answers /set and its refusals with the Spanish meaning of the value", async () => {
    await ask(ADA, "/set language es");
    expect(await ask(ADA, "/set buttons off")).toBe(
      "buttons ahora es off (antes on): texto con el comando que hay que escribir. No avisé a nadie más.",
    );
    expect(await ask(ADA, "/set auto_assign sometimes")).toBe(
      [
        'auto_assign no puede ser "sometimes". Valores: off, round_robin, balanced (por defecto off).',
        "  off: cada persona toma las conversaciones por su cuenta",
        "  round_robin: por turnos, en el orden en que cada persona entró en el equipo",
        "  balanced: a quien tenga menos conversaciones abiertas",
      ].join("\n"),
    );
    expect(await ask(ADA, "/set language en")).toBe(
      "language is now en (was es): English. Nobody else was told.",
    );
  });
});

describe("/set", () => {
  it("stores a new value (upsert) that the role rules then read", async () => {
    expect(await ask(ADA, "/set agent_reassign any")).toBe(
      "agent_reassign is now any (was own): agents may also take over anyone's, in any team. Nobody else was told.",
    );
    expect(storedSettings()).toEqual([{ key: "agent_reassign", value: "any" }]);
    expect(readSettings(e.db)).toMatchObject({ agentReassign: "any", language: "en" });
    expect(await ask(ADA, "/set Agent-Reassign NONE")).toBe(
      "agent_reassign is now none (was any): agents keep what they take from New or their teams' queues. Nobody else was told.",
    );
    expect(storedSettings()).toEqual([{ key: "agent_reassign", value: "none" }]);
    expect(await ask(MARIA, "/settings")).toBe(listing("none"));
  });

  it("answers without a change when the value is already in force, default included", async () => {
    expect(await ask(ADA, "/set agent_reassign own")).toBe("agent_reassign is already own. Nothing changed.");
    expect(storedSettings()).toEqual([]);
  });

  it.each([
    ["manager", BOB],
    ["agent", MARIA],
  ])("refuses the %s and changes nothing", async (_role, phone) => {
    const before = snapshot();
    expect(await ask(phone, "/set agent_reassign any")).toBe(
      "Not allowed: only admins change settings. Ask an admin.",
    );
    expect(snapshot()).toEqual(before);
  });

  it("refuses a bad value with the allowed ones, and changes nothing", async () => {
    e.db.insert(settings).values({ key: "agent_reassign", value: "any" }).run();
    const before = snapshot();
    expect(await ask(ADA, "/set agent_reassign sometimes")).toBe(
      `agent_reassign cannot be "sometimes". Allowed: none, own, any (default own).\n${VALUES}`,
    );
    expect(await ask(ADA, "/set agent_reassign own please")).toBe(
      `agent_reassign cannot be "own please". Allowed: none, own, any (default own).\n${VALUES}`,
    );
    expect(snapshot()).toEqual(before);
  });

  it("refuses an unknown key, naming the keys there are", async () => {
    const before = snapshot();
    expect(await ask(ADA, "/set colour blue")).toBe(
      "There is no setting colour. Settings: agent_reassign (none|own|any), language (en|es), buttons (on|off), seen_signals (on|off), auto_assign (off|round_robin|balanced), max_open, follow_up, window_warning, hours, timezone, away_message. Send /settings for what they mean.",
    );
    expect(snapshot()).toEqual(before);
  });

  it("answers a missing value or an emoji key with the usage line", async () => {
    const usage = usageOf("set");
    expect(await ask(ADA, "/set agent_reassign")).toBe(`What should agent_reassign be?\n${usage}`);
    expect(await ask(ADA, "/set 😀 any")).toBe(`"😀" is not a setting name\n${usage}`);
    expect(storedSettings()).toEqual([]);
  });
});
