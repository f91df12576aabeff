// The lists of SPEC §2: /new, /mine, /assigned, /closed, /queue.
import {
  type Args,
  type ArgsResult,
  accept,
  quote,
  readFilterAt,
  readPositiveInt,
  readTeamName,
  reject,
  type Token,
} from "../args.js";
import type { AssignedFilter } from "../command.js";
import type { CommandSpec } from "./spec.js";

const notAPage = (token: Token) => reject((t) => t.argNotPage({ text: quote(token.text) }));

function parsePageOnly(name: "new" | "mine" | "closed"): (args: Args) => ArgsResult {
  return (args) => {
    const [first, ...more] = args.tokens;
    if (first === undefined) return accept({ name, page: 1 });
    const page = readPositiveInt(first.text);
    if (page === null) return notAPage(first);
    return more.length === 0 ? accept({ name, page }) : reject((t) => t.argOnlyPage({ command: `/${name}` }));
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
      if (page !== null) return reject((t) => t.argOnePage());
      page = number;
      continue;
    }
    if (filter !== null) return reject((t) => t.argPageAndFilter());
    const read = readFilterAt(tokens, i, { syntax: "/assigned team <name>", needsAt: false });
    if (read === null) return reject((t) => t.argNotPageOrFilter({ text: quote(token.text) }));
    if (read.kind === "bad") return reject(read.detail);
    filter =
      read.kind === "team"
        ? { kind: "team", team: read.team }
        : read.kind === "me"
          ? "me"
          : { kind: "handle", handle: read.handle };
    i += read.used - 1;
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
  if (name === undefined) return reject((t) => t.argWhichTeam({ example: "/queue <team>" }));
  const team = readTeamName(name.text);
  if (team === null) return reject((t) => t.argNotTeam({ text: quote(name.text) }));
  if (more.length > 0) return reject((t) => t.argQueueTakes());
  if (pageToken === undefined) return accept({ name: "queue", team, page: 1 });
  const page = readPositiveInt(pageToken.text);
  return page === null ? notAPage(pageToken) : accept({ name: "queue", team, page });
}

export const VIEW_SPECS: readonly CommandSpec[] = [
  {
    word: "new",
    aliases: [],
    family: "views",
    parseArgs: parseNewArgs,
  },
  {
    word: "mine",
    aliases: [],
    family: "views",
    parseArgs: parseMineArgs,
  },
  {
    word: "assigned",
    aliases: [],
    family: "views",
    parseArgs: parseAssignedArgs,
  },
  {
    word: "closed",
    aliases: [],
    family: "views",
    parseArgs: parseClosedArgs,
  },
  {
    word: "queue",
    aliases: [],
    family: "views",
    parseArgs: parseQueueArgs,
  },
];
