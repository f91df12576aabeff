// The lists of SPEC §2: /new, /mine, /assigned, /closed, /queue.
import {
  type Args,
  type ArgsResult,
  accept,
  quote,
  readHandle,
  readPositiveInt,
  readTeamName,
  reject,
  type Token,
} from "../args.js";
import type { AssignedFilter } from "../command.js";
import type { CommandSpec } from "./spec.js";

const notAPage = (token: Token) => reject(`${quote(token.text)} is not a page number`);

function parsePageOnly(name: "new" | "mine" | "closed"): (args: Args) => ArgsResult {
  return (args) => {
    const [first, ...more] = args.tokens;
    if (first === undefined) return accept({ name, page: 1 });
    const page = readPositiveInt(first.text);
    if (page === null) return notAPage(first);
    return more.length === 0 ? accept({ name, page }) : reject(`/${name} takes only a page number`);
  };
}

export const parseNewArgs = parsePageOnly("new");
export const parseMineArgs = parsePageOnly("mine");
export const parseClosedArgs = parsePageOnly("closed");

/**
 * Page and filter in either order. "/assigned me" is read as /mine: it is the same list (Assigned
 * filtered to my conversations), and a handle can never be "me".
 */
export function parseAssignedArgs(args: Args): ArgsResult {
  let page: number | null = null;
  let filter: AssignedFilter | "me" | null = null;
  const tokens = args.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    const number = readPositiveInt(token.text);
    if (number !== null) {
      if (page !== null) return reject("Give one page number");
      page = number;
      continue;
    }
    if (filter !== null) return reject("Give one page and one @handle or team <name>");
    const lower = token.text.toLowerCase();
    if (lower === "team") {
      const next = tokens[i + 1];
      const team = next === undefined ? null : readTeamName(next.text);
      if (team === null)
        return reject(next === undefined ? "team needs a name" : `${quote(next.text)} is not a team name`);
      filter = { kind: "team", team };
      i++;
    } else if (lower === "me" || lower === "@me") {
      filter = "me";
    } else {
      const handle = readHandle(token.text);
      if (handle === null) return reject(`${quote(token.text)} is not a page, @handle or team <name>`);
      filter = { kind: "handle", handle };
    }
  }
  if (filter === "me") return accept({ name: "mine", page: page ?? 1 });
  return accept({ name: "assigned", page: page ?? 1, filter });
}

/**
 * /queue <team> [page], with an optional "team" keyword ("/queue team sales 2"). The plain reading is
 * tried first so that a team actually named "team" still works.
 */
export function parseQueueArgs(args: Args): ArgsResult {
  const plain = queueFrom(args.tokens);
  if (plain.ok) return plain;
  const [first, ...rest] = args.tokens;
  if (first?.text.toLowerCase() === "team" && rest.length > 0) return queueFrom(rest);
  return plain;
}

function queueFrom(tokens: readonly Token[]): ArgsResult {
  const [name, pageToken, ...more] = tokens;
  if (name === undefined) return reject("Which team? /queue <team>");
  const team = readTeamName(name.text);
  if (team === null) return reject(`${quote(name.text)} is not a team name`);
  if (more.length > 0) return reject("/queue takes a team and a page number");
  if (pageToken === undefined) return accept({ name: "queue", team, page: 1 });
  const page = readPositiveInt(pageToken.text);
  return page === null ? notAPage(pageToken) : accept({ name: "queue", team, page });
}

export const VIEW_SPECS: readonly CommandSpec[] = [
  {
    word: "new",
    aliases: [],
    usage: "Usage: /new [page]",
    summary: "conversations nobody has taken yet",
    family: "views",
    parseArgs: parseNewArgs,
  },
  {
    word: "mine",
    aliases: [],
    usage: "Usage: /mine [page]",
    summary: "your open conversations",
    family: "views",
    parseArgs: parseMineArgs,
  },
  {
    word: "assigned",
    aliases: [],
    usage: "Usage: /assigned [page] [@handle|team <name>]",
    summary: "open conversations that have an owner or a team",
    family: "views",
    parseArgs: parseAssignedArgs,
  },
  {
    word: "closed",
    aliases: [],
    usage: "Usage: /closed [page]",
    summary: "closed conversations, for reference",
    family: "views",
    parseArgs: parseClosedArgs,
  },
  {
    word: "queue",
    aliases: [],
    usage: "Usage: /queue <team> [page]",
    summary: "a team's conversations waiting for someone to pick them up",
    family: "views",
    parseArgs: parseQueueArgs,
  },
];
