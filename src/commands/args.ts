// The lexicon shared by every command family: how arguments are split into tokens and how one token is
// read as a conversation number, page, handle, team, phone or role. Readers return null instead of
// throwing, so each family's parser can say which argument was wrong.
import { handleFrom, normalizeName, teamNameFrom } from "../domain/names.js";
import { ROLES, type Role } from "../domain/policy.js";
import type { Phrase } from "../texts/catalog.js";
import type { Command, Who } from "./command.js";

/**
 * Marks that phones and WhatsApp put around right-to-left text and pasted numbers (bidi controls,
 * zero-width spaces, BOM, soft hyphen). JavaScript does not count them as whitespace, so without this a
 * mark glued to "@maria" or "#5" would make a correct command look like garbage.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
const LEADING_BLANKS = /^[\s\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+/u;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}

export function stripLeadingBlanks(text: string): string {
  return text.replace(LEADING_BLANKS, "");
}

/** `text` is the token without invisible marks; start/end index the raw argument string. */
export type Token = { text: string; raw: string; start: number; end: number };

/** Everything after the command word: `raw` exactly as typed, and its whitespace-separated tokens. */
export type Args = { raw: string; tokens: readonly Token[] };

export function readArgs(raw: string): Args {
  const tokens: Token[] = [];
  for (const match of raw.matchAll(/\S+/gu)) {
    const text = stripInvisible(match[0]);
    // A token made only of invisible marks is nothing the person meant to type.
    if (text !== "")
      tokens.push({ text, raw: match[0], start: match.index, end: match.index + match[0].length });
  }
  return { raw, tokens };
}

/** What a family's argument parser returns; parse.ts turns a failure into the usage answer. */
export type ArgsResult = { ok: true; command: Command } | { ok: false; detail?: Phrase };

export const accept = (command: Command): ArgsResult => ({ ok: true, command });
export const reject = (detail?: Phrase): ArgsResult =>
  detail === undefined ? { ok: false } : { ok: false, detail };

const DIGITS = /^\d{1,15}$/;
const PHONE = /^\+?([1-9]\d{5,14})$/;

/** "me" and "team" mean something in /assign, so nobody may be called that. */
export const RESERVED_HANDLES: readonly string[] = ["me", "team"];

/** Positive integers only; 15 digits keeps every accepted value a safe integer. */
export function readPositiveInt(text: string): number | null {
  if (!DIGITS.test(text)) return null;
  const value = Number(text);
  return value >= 1 ? value : null;
}

export type ConvToken = { kind: "none" } | { kind: "conv"; conv: number } | { kind: "bad" };

export function readConvToken(text: string): ConvToken {
  if (!text.startsWith("#")) return { kind: "none" };
  const conv = readPositiveInt(text.slice(1));
  return conv === null ? { kind: "bad" } : { kind: "conv", conv };
}

/**
 * A handle, with or without "@", in its normal form (domain/names.ts): letters of any script, compared
 * case-insensitively after normalization. Normalized before the "@" is taken off, so a full-width "＠"
 * counts as one.
 */
export function readHandle(text: string): string | null {
  const name = normalizeName(text);
  return handleFrom(name.startsWith("@") ? name.slice(1) : name);
}

export function readTeamName(text: string): string | null {
  return teamNameFrom(text);
}

/** E.164: "+" and 6–15 digits, no leading zero. `requirePlus` is false where only a phone can stand. */
export function readPhone(text: string, requirePlus: boolean): string | null {
  if (requirePlus && !text.startsWith("+")) return null;
  const match = PHONE.exec(text);
  return match?.[1] === undefined ? null : `+${match[1]}`;
}

export function readRole(text: string): Role | null {
  const lower = text.toLowerCase();
  return ROLES.find((role) => role === lower) ?? null;
}

/**
 * me, @handle, handle or +phone. A bare number is refused rather than read as a handle: "/assign 5"
 * almost always means #5, and guessing wrong would hand a conversation to the wrong person.
 */
export function readWho(text: string): Who | null {
  const lower = normalizeName(text);
  if (lower === "me" || lower === "@me") return { kind: "me" };
  if (text.startsWith("+")) {
    const phone = readPhone(text, true);
    return phone === null ? null : { kind: "phone", phone };
  }
  if (!text.startsWith("@") && DIGITS.test(text)) return null;
  const handle = readHandle(text);
  return handle === null ? null : { kind: "handle", handle };
}

export function describeBadWho(text: string): Phrase {
  if (DIGITS.test(text)) {
    return text.length >= 6
      ? (t) => t.argPhoneNeedsPlus({ digits: text })
      : (t) => t.argConversationOrPerson({ digits: text });
  }
  return (t) => t.argNotWho({ text: quote(text) });
}

/** A piece of what someone typed, short enough to echo in an answer even when they pasted a novel. */
export function shorten(text: string, max = 32): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
}

export function quote(text: string): string {
  return `"${shorten(text)}"`;
}

/**
 * #N anywhere, for commands without free text. Repeating the same number is harmless; two different
 * ones are refused, because picking either could act on the wrong customer.
 */
export function takeConvAnywhere(
  args: Args,
): { ok: true; conv: number | null; rest: readonly Token[] } | { ok: false; detail: Phrase } {
  let conv: number | null = null;
  const rest: Token[] = [];
  for (const token of args.tokens) {
    const read = readConvToken(token.text);
    if (read.kind === "none") rest.push(token);
    else if (read.kind === "bad")
      return { ok: false, detail: (t) => t.argNotConversation({ text: quote(token.text) }) };
    else if (conv !== null && conv !== read.conv) return { ok: false, detail: (t) => t.argOneConversation() };
    else conv = read.conv;
  }
  return { ok: true, conv, rest };
}

/**
 * #N first, then free text kept as typed. Commands that carry text to a customer or the history only
 * look for #N before the text: "/close duplicate of #4" must not close #4.
 */
export function takeConvThenText(
  args: Args,
): { ok: true; conv: number | null; text: string; afterConv: number } | { ok: false; detail: Phrase } {
  const first = args.tokens[0];
  const read = first === undefined ? ({ kind: "none" } as const) : readConvToken(first.text);
  if (read.kind === "bad")
    return { ok: false, detail: (t) => t.argNotConversation({ text: quote(first?.text ?? "") }) };
  if (read.kind === "none" || first === undefined)
    return { ok: true, conv: null, text: args.raw.trim(), afterConv: 0 };
  return { ok: true, conv: read.conv, text: args.raw.slice(first.end).trim(), afterConv: first.end };
}

export function noArguments(args: Args, command: Command, word: string): ArgsResult {
  return args.tokens.length === 0
    ? accept(command)
    : reject((t) => t.argNoArguments({ command: `/${word}` }));
}

/** Who or which team a view or /stats is about: `team <name>`, `me` (or `@me`), or a handle. */
export type FilterRead =
  | { kind: "team"; team: string; used: 2 }
  | { kind: "me"; used: 1 }
  | { kind: "handle"; handle: string; used: 1 }
  | { kind: "bad"; detail: Phrase };

/**
 * The filter at tokens[i], with how many tokens it took; null when the token is none of them (the
 * caller says what else it could have been). `syntax` is quoted when `team` comes without a name;
 * `needsAt`: only "@maria" is a handle there, not a bare "maria".
 */
export function readFilterAt(
  tokens: readonly Token[],
  i: number,
  o: { syntax: string; needsAt: boolean },
): FilterRead | null {
  const token = tokens[i];
  if (token === undefined) return null;
  const lower = token.text.toLowerCase();
  if (lower === "team") {
    const next = tokens[i + 1];
    const team = next === undefined ? null : readTeamName(next.text);
    if (team !== null) return { kind: "team", team, used: 2 };
    return {
      kind: "bad",
      detail: (t) =>
        next === undefined
          ? t.argTeamNeedsName({ syntax: o.syntax })
          : t.argNotTeam({ text: quote(next.text) }),
    };
  }
  if (lower === "me" || lower === "@me") return { kind: "me", used: 1 };
  const handle = !o.needsAt || token.text.startsWith("@") ? readHandle(token.text) : null;
  return handle === null ? null : { kind: "handle", handle, used: 1 };
}
