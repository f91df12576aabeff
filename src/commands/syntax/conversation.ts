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
    if (extra !== undefined) return reject(`/${name} takes only #N, not ${quote(extra.text)}`);
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
    return reject(`/show takes #N and history [page], not ${quote(word.text)}`);
  }
  if (extra !== undefined) return reject(`/show history takes one page number, not ${quote(extra.text)}`);
  const page = pageToken === undefined ? 1 : readPositiveInt(pageToken.text);
  if (page === null) return reject(`${quote(pageToken?.text ?? "")} is not a page number`);
  return accept({ name: "show", conv: taken.conv, history: page });
}
export const parseUnassignArgs = parseConvOnly("unassign");
export const parseReopenArgs = parseConvOnly("reopen");

/** /assign me|@handle|+phone|team <name> [#N], with #N anywhere. */
export function parseAssignArgs(args: Args): ArgsResult {
  const taken = takeConvAnywhere(args);
  if (!taken.ok) return reject(taken.detail);
  const [first, second, ...more] = taken.rest;
  // No target: the handler answers with the choices, or the usage line when no conversation is named
  // or quoted (SPEC §17 item 7).
  if (first === undefined) return accept({ name: "assign_pick", conv: taken.conv });
  if (first.text.toLowerCase() === "team") {
    if (second === undefined) return reject("team needs a name: /assign team <name>");
    const team = readTeamName(second.text);
    if (team === null) return reject(`${quote(second.text)} is not a team name`);
    if (more.length > 0) return reject("Assign to one person or one team");
    return accept({ name: "assign", target: { kind: "team", team }, conv: taken.conv });
  }
  const who = readWho(first.text);
  if (who === null) return reject(describeBadWho(first.text));
  if (second !== undefined) return reject("Assign to one person or one team");
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
    usage: "Usage: /show [#N] [history [page]]",
    summary:
      "a conversation: customer, status, owner, team, window, last messages and changes (history: all)",
    family: "conversation",
    parseArgs: parseShowArgs,
  },
  {
    word: "assign",
    aliases: ["reassign"],
    usage: "Usage: /assign me|@handle|+phone|team <name> [#N] · /assign #N to choose from a list",
    summary: "give a conversation to someone or a team (reopens a closed one)",
    family: "conversation",
    parseArgs: parseAssignArgs,
  },
  {
    word: "unassign",
    aliases: [],
    usage: "Usage: /unassign [#N]",
    summary: "remove the owner: back to the team queue, or to New",
    family: "conversation",
    parseArgs: parseUnassignArgs,
  },
  {
    word: "close",
    aliases: [],
    usage: "Usage: /close [#N] [note]",
    summary: "close a conversation; the note goes into its history",
    family: "conversation",
    parseArgs: parseCloseArgs,
  },
  {
    word: "reopen",
    aliases: [],
    usage: "Usage: /reopen [#N]",
    summary: "reopen a closed conversation to its previous owner",
    family: "conversation",
    parseArgs: parseReopenArgs,
  },
];
