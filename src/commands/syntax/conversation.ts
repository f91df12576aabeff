// Commands that look at or move one conversation: /show, /assign (/reassign), /unassign, /close, /reopen.
import {
  type Args,
  type ArgsResult,
  accept,
  describeBadWho,
  quote,
  readPositiveInt,
  readTeamName,
  readWho,
  reject,
  takeConvAnywhere,
  takeConvThenText,
} from "../args.js";
import type { CommandSpec } from "./spec.js";

function parseConvOnly(name: "unassign" | "reopen"): (args: Args) => ArgsResult {
  return (args) => {
    const taken = takeConvAnywhere(args);
    if (!taken.ok) return reject(taken.detail);
    const [extra] = taken.rest;
    if (extra !== undefined)
      return reject((t) => t.argOnlyConversation({ command: `/${name}`, text: quote(extra.text) }));
    return accept({ name, conv: taken.conv });
  };
}

/** /show [#N] [history [page]], with #N anywhere. */
export function parseShowArgs(args: Args): ArgsResult {
  const taken = takeConvAnywhere(args);
  if (!taken.ok) return reject(taken.detail);
  const [word, pageToken, extra] = taken.rest;
  if (word === undefined) return accept({ name: "show", conv: taken.conv });
  if (word.text.toLowerCase() !== "history") {
    return reject((t) => t.argShowTakes({ text: quote(word.text) }));
  }
  if (extra !== undefined) return reject((t) => t.argShowHistoryTakes({ text: quote(extra.text) }));
  const page = pageToken === undefined ? 1 : readPositiveInt(pageToken.text);
  if (page === null) return reject((t) => t.argNotPage({ text: quote(pageToken?.text ?? "") }));
  return accept({ name: "show", conv: taken.conv, history: page });
}
export const parseUnassignArgs = parseConvOnly("unassign");
export const parseReopenArgs = parseConvOnly("reopen");

/** /assign me|@handle|+phone|team <name> [#N], with #N anywhere. */
export function parseAssignArgs(args: Args): ArgsResult {
  const taken = takeConvAnywhere(args);
  if (!taken.ok) return reject(taken.detail);
  const [first, second, ...more] = taken.rest;
  if (first === undefined) return reject();
  if (first.text.toLowerCase() === "team") {
    if (second === undefined) return reject((t) => t.argTeamNeedsName({ syntax: "/assign team <name>" }));
    const team = readTeamName(second.text);
    if (team === null) return reject((t) => t.argNotTeam({ text: quote(second.text) }));
    if (more.length > 0) return reject((t) => t.argOneTarget());
    return accept({ name: "assign", target: { kind: "team", team }, conv: taken.conv });
  }
  const who = readWho(first.text);
  if (who === null) return reject(describeBadWho(first.text));
  if (second !== undefined) return reject((t) => t.argOneTarget());
  return accept({ name: "assign", target: who, conv: taken.conv });
}

/** /close [#N] [note]: the note goes into the history as typed. */
export function parseCloseArgs(args: Args): ArgsResult {
  const taken = takeConvThenText(args);
  if (!taken.ok) return reject(taken.detail);
  return accept({ name: "close", conv: taken.conv, note: taken.text === "" ? null : taken.text });
}

export const CONVERSATION_SPECS: readonly CommandSpec[] = [
  {
    word: "show",
    aliases: [],
    family: "conversation",
    parseArgs: parseShowArgs,
  },
  {
    word: "assign",
    aliases: ["reassign"],
    family: "conversation",
    parseArgs: parseAssignArgs,
  },
  {
    word: "unassign",
    aliases: [],
    family: "conversation",
    parseArgs: parseUnassignArgs,
  },
  {
    word: "close",
    aliases: [],
    family: "conversation",
    parseArgs: parseCloseArgs,
  },
  {
    word: "reopen",
    aliases: [],
    family: "conversation",
    parseArgs: parseReopenArgs,
  },
];
