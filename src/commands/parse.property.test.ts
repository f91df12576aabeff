import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { handleFrom, teamNameFrom } from "../domain/names.js";
import { CATALOGS } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import { readArgs } from "./args.js";
import type { AssignTarget, Command, ParseResult, Who } from "./command.js";
import { formatCommand } from "./format.js";
import { parseFailureAnswer } from "./handlers/help.js";
import { parseCommand } from "./parse.js";
import { COMMAND_SPECS, COMMAND_WORDS, lookupCommand } from "./syntax/registry.js";
import { readLanguage } from "./syntax/replies.js";

const COMMAND_NAMES = new Set<string>([
  ...["help", "new", "mine", "closed", "assigned", "queue", "show", "assign", "unassign", "close", "reopen"],
  ...["reply", "template", "note", "away", "back", "whoami", "staff", "teams", "settings", "staff_add"],
  ...[
    "staff_remove",
    "role",
    "team_create",
    "team_add",
    "team_remove",
    "set",
    "templates",
    "forget",
    "assign_pick",
  ],
  ...["stats", "expiring"],
]);

const AGENT = { role: "agent", agentReassign: "own" } as const;

/** A result with its detail worded in English, so two results compare by what they would say. */
const worded = (result: ParseResult) =>
  !result.ok && result.kind === "usage" ? { ...result, detail: result.detail?.(en) } : result;

/** Every result is exactly one of the four kinds, with the fields that kind promises. */
function expectWellFormed(result: ParseResult): void {
  if (result.ok) {
    expect(COMMAND_NAMES.has(result.command.name)).toBe(true);
    return;
  }
  switch (result.kind) {
    case "not_command":
      return;
    case "unknown":
      for (const t of Object.values(CATALOGS)) expect(parseFailureAnswer(t, AGENT, result)).toMatch(/\/help/);
      expect(result.suggestion === null || COMMAND_WORDS.includes(result.suggestion)).toBe(true);
      expect(Array.from(result.word).length).toBeLessThanOrEqual(64);
      return;
    case "usage":
      expect(lookupCommand(result.command)?.word).toBe(result.command);
      // Worded in every language, the answer says what was wrong (when known) and how to write it.
      for (const t of Object.values(CATALOGS)) {
        const answer = parseFailureAnswer(t, AGENT, result);
        if (result.detail !== undefined) expect(answer.startsWith(result.detail(t))).toBe(true);
        expect(answer).toContain(`/${result.command}`);
      }
      return;
    default:
      throw new Error(`unexpected result ${JSON.stringify(result)}`);
  }
}

const tricky = fc.constantFrom(
  "\uD800",
  "\uDC00",
  "\uDBFF\uDFFF",
  "\u200F",
  "\u200E",
  "\u202E",
  "\uFEFF",
  "😀",
  "👩🏽‍💻",
  "🇪🇸",
  "مرحبا",
  "שלום",
  "#",
  "#0",
  "#5",
  "#abc",
  "@",
  "@maria",
  "+",
  "+15551234567",
  "|",
  "team",
  "me",
  "\n",
  "\t",
  " ",
  "\u00A0",
  "\u2028",
  "/",
  "en_US",
);
const trickyText = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 12 })
  .map((parts) => parts.join(""));
const word = fc.oneof(
  fc.constantFrom(...COMMAND_WORDS),
  fc.constantFrom(...COMMAND_WORDS).map((w) => w.toUpperCase()),
  fc.string({ unit: "grapheme", maxLength: 10 }),
);

describe("parseCommand is total", () => {
  const anyText = [
    ["binary strings", fc.string({ unit: "binary", maxLength: 10_000 })],
    ["grapheme strings", fc.string({ unit: "grapheme" })],
    ["surrogates, bidi marks, emoji", trickyText],
    ["/ + word + random arguments", fc.tuple(word, trickyText).map(([w, a]) => `/${w} ${a}`)],
    [
      "/ + word + binary arguments",
      fc.tuple(word, fc.string({ unit: "binary" })).map(([w, a]) => `/${w}${a}`),
    ],
  ] as const;

  it.each(anyText)("never throws on %s", (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        expectWellFormed(parseCommand(text));
      }),
      { numRuns: 300 },
    );
  });

  it("a known word always parses or answers with its own usage line", () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_SPECS), trickyText, (spec, args) => {
        const result = parseCommand(`/${spec.word} ${args}`);
        expect(result.ok || (result.kind === "usage" && result.command === spec.word)).toBe(true);
      }),
    );
  });

  it("ignores leading blanks and the case of the command word", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMAND_WORDS),
        trickyText,
        fc.constantFrom(" ", "\n ", "\u200F", "\t\u200E"),
        (w, args, pad) => {
          const plain = worded(parseCommand(`/${w} ${args}`));
          expect(worded(parseCommand(`${pad}/${w.toUpperCase()} ${args}`))).toEqual(plain);
        },
      ),
    );
  });

  it("is not a command exactly when the first visible character is not /", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const first = text.replace(/^[\s\u200E\u200F\uFEFF]+/u, "")[0];
        if (first === undefined || first === "/") return;
        if (/[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069]/u.test(first)) return;
        expect(parseCommand(text)).toEqual({ ok: false, kind: "not_command" });
      }),
    );
  });
});

// Generators of valid ASTs: the values a parser can produce, in their normalised form.
/** A letter of any script, as a phone might type it; names are made of these and ASCII. */
const anyLetter = fc
  .integer({ min: 0x80, max: 0x2ffff })
  .map((code) => String.fromCodePoint(code))
  .filter((c) => /^\p{L}$/u.test(c));
/** A handle or team name in its normal form (domain/names.ts), Latin most of the time. */
const nameOf = (ascii: string, read: (text: string) => string | null) =>
  fc
    .array(
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ascii) }, { weight: 1, arbitrary: anyLetter }),
      {
        minLength: 1,
        maxLength: 32,
      },
    )
    .map((chars) => read(chars.join("")))
    .filter((name): name is string => name !== null);
const handle = nameOf("abcdefghijklmnopqrstuvwxyz0123456789_.-", handleFrom);
const team = nameOf("abcdefghijklmnopqrstuvwxyz0123456789_-", teamNameFrom);
const phone = fc.stringMatching(/^\+[1-9]\d{5,14}$/);
const page = fc.integer({ min: 1, max: 1_000_000 });
const conv = fc.option(fc.integer({ min: 1, max: 1_000_000_000 }));
const role = fc.constantFrom("agent" as const, "manager" as const, "admin" as const);
const text = fc
  .oneof(fc.string({ unit: "grapheme", maxLength: 60 }), trickyText)
  .map((t) => t.trim())
  .filter((t) => t !== "");
const startsLikeConv = (t: string) => readArgs(t).tokens[0]?.text.startsWith("#") === true;
const param = text.filter((t) => !t.includes("|"));
const who: fc.Arbitrary<Who> = fc.oneof(
  fc.constant({ kind: "me" as const }),
  handle.filter((h) => h !== "me").map((h) => ({ kind: "handle" as const, handle: h })),
  phone.map((p) => ({ kind: "phone" as const, phone: p })),
);
const target: fc.Arbitrary<AssignTarget> = fc.oneof(
  who,
  team.map((t) => ({ kind: "team" as const, team: t })),
);

/** A language code can only be left out when the first parameter cannot be mistaken for one. */
function templateIsUnambiguous(language: string | null, params: readonly string[]): boolean {
  const [first] = params;
  if (language !== null || first === undefined) return true;
  const firstWord = /^\S+/u.exec(first)?.[0] ?? "";
  return readLanguage(firstWord) === null || (firstWord === first && params.length > 1);
}

const freeText = (c: number | null) => text.filter((t) => c !== null || !startsLikeConv(t));

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.option(fc.stringMatching(/^[a-z0-9_-]{1,16}$/)).map((topic): Command => ({ name: "help", topic })),
  fc
    .tuple(fc.constantFrom("new" as const, "mine" as const, "closed" as const), page)
    .map(([name, p]) => ({ name, page: p })),
  fc
    .tuple(
      page,
      fc.option(
        fc.oneof(
          handle.filter((h) => h !== "me").map((h) => ({ kind: "handle" as const, handle: h })),
          team.map((t) => ({ kind: "team" as const, team: t })),
        ),
      ),
    )
    .map(([p, filter]): Command => ({ name: "assigned", page: p, filter })),
  fc.tuple(team, page).map(([t, p]): Command => ({ name: "queue", team: t, page: p })),
  page.map((p): Command => ({ name: "expiring", page: p })),
  fc
    .tuple(
      fc.constantFrom("today" as const, "7d" as const, "30d" as const),
      fc.option(
        fc.oneof(
          fc.constant({ kind: "me" as const }),
          handle.filter((h) => h !== "me").map((h) => ({ kind: "handle" as const, handle: h })),
          team.map((t) => ({ kind: "team" as const, team: t })),
        ),
      ),
    )
    .map(([period, filter]): Command => ({ name: "stats", period, filter })),
  fc
    .tuple(fc.constantFrom("show" as const, "unassign" as const, "reopen" as const), conv)
    .map(([name, c]) => ({ name, conv: c })),
  fc.tuple(conv, page).map(([c, p]): Command => ({ name: "show", conv: c, history: p })),
  fc.tuple(target, conv).map(([t, c]): Command => ({ name: "assign", target: t, conv: c })),
  conv.chain((c) => fc.option(freeText(c)).map((note): Command => ({ name: "close", conv: c, note }))),
  conv.chain((c) =>
    fc
      .tuple(fc.constantFrom("reply" as const, "note" as const), freeText(c))
      .map(([name, t]) => ({ name, conv: c, text: t })),
  ),
  fc
    .tuple(
      conv,
      fc.stringMatching(/^[a-z0-9_]{1,40}$/),
      fc.option(fc.stringMatching(/^[a-z]{2,3}(_[A-Z]{2})?$/)),
      fc.array(param, { maxLength: 4 }),
    )
    .filter(([, , language, params]) => templateIsUnambiguous(language, params))
    .map(
      ([c, template, language, params]): Command => ({
        name: "template",
        conv: c,
        template,
        language,
        params,
      }),
    ),
  page.map((p): Command => ({ name: "templates", page: p })),
  fc.constantFrom<Command>(
    { name: "away" },
    { name: "back" },
    { name: "whoami" },
    { name: "staff" },
    { name: "teams" },
    { name: "settings" },
  ),
  fc
    .tuple(
      phone,
      handle.filter((h) => h !== "me" && h !== "team"),
      role,
    )
    .map(([p, h, r]): Command => ({ name: "staff_add", phone: p, handle: h, role: r })),
  handle.map((h): Command => ({ name: "staff_remove", handle: h })),
  fc.tuple(handle, role).map(([h, r]): Command => ({ name: "role", handle: h, role: r })),
  team.map((t): Command => ({ name: "team_create", team: t })),
  fc
    .tuple(fc.constantFrom("team_add" as const, "team_remove" as const), team, handle)
    .map(([name, t, h]) => ({ name, team: t, handle: h })),
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/), text)
    .map(([key, value]): Command => ({ name: "set", key, value })),
  fc.tuple(phone, fc.boolean()).map(([p, confirm]): Command => ({ name: "forget", phone: p, confirm })),
);

describe("format and parse round-trip", () => {
  it("parse(format(command)) gives the same command", () => {
    fc.assert(
      fc.property(command, (c) => {
        expect(parseCommand(formatCommand(c))).toEqual({ ok: true, command: c });
      }),
      { numRuns: 2000 },
    );
  });
});
