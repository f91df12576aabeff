// The command grammar's entry point: a staff message in, a Command or a reason out. Total by design
// (SPEC §4: "a command never throws a stack trace at a person"): every input, however broken, ends in
// one of the ParseResult kinds, which parse.test.ts checks with random text.
import { type Args, readArgs, stripInvisible, stripLeadingBlanks } from "./args.js";
import type { ParseResult } from "./command.js";
import { lookupCommand, suggestCommand } from "./syntax/registry.js";

const NOT_COMMAND: ParseResult = { ok: false, kind: "not_command" };
const MAX_WORD = 64;

export function parseCommand(text: string): ParseResult {
  // Phones put bidi marks before right-to-left text; people put spaces before everything.
  const body = stripLeadingBlanks(text);
  if (!body.startsWith("/")) return NOT_COMMAND;
  const afterSlash = body.slice(1);
  // No command word contains "#", so "/show#5" can only mean "/show #5".
  const rawWord = /^[^\s#]*/u.exec(afterSlash)?.[0] ?? "";
  const word = stripInvisible(rawWord).toLowerCase();
  const args = readArgs(afterSlash.slice(rawWord.length));
  if (word === "") return bareSlash(args);

  const spec = lookupCommand(word);
  if (spec === null) return unknownWord(word);
  const parsed = spec.parseArgs(args);
  if (parsed.ok) return { ok: true, command: parsed.command };
  const usage = { ok: false, kind: "usage", command: spec.word } as const;
  return parsed.detail === undefined ? usage : { ...usage, detail: parsed.detail };
}

function unknownWord(word: string): ParseResult {
  return {
    ok: false,
    kind: "unknown",
    word: Array.from(word).slice(0, MAX_WORD).join(""),
    suggestion: suggestCommand(word),
  };
}

/** "/" alone, or "/ assign me": the likely intent is the next word, written without the space. */
function bareSlash(args: Args): ParseResult {
  const next = args.tokens[0]?.text.toLowerCase() ?? "";
  if (next === "") return { ok: false, kind: "unknown", word: "", suggestion: null };
  const suggestion = lookupCommand(next) === null ? suggestCommand(next) : next;
  return { ok: false, kind: "unknown", word: "", suggestion };
}
