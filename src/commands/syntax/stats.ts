// /stats [today|7d|30d] [@handle|team <name>] (SPEC §14) and /expiring [page] (SPEC §13).

import type { StatsPeriod } from "../../domain/stats-period.js";
import { type Args, type ArgsResult, accept, quote, readFilterAt, readPositiveInt, reject } from "../args.js";
import type { StatsFilter } from "../command.js";
import type { CommandSpec } from "./spec.js";

const PERIODS: Readonly<Record<string, StatsPeriod>> = { today: "today", "7d": "7d", "30d": "30d" };

/** Period and filter in either order, each at most once. "me" is the person typing. */
export function parseStatsArgs(args: Args): ArgsResult {
  let period: StatsPeriod | null = null;
  let filter: StatsFilter | null = null;
  const tokens = args.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    const lower = token.text.toLowerCase();
    const named = PERIODS[lower];
    if (named !== undefined) {
      if (period !== null) return reject((t) => t.argOnePeriod());
      period = named;
      continue;
    }
    if (filter !== null) return reject((t) => t.argOneStatsFilter());
    const read = readFilterAt(tokens, i, { syntax: "/stats team <name>", needsAt: true });
    if (read === null) return reject((t) => t.argNotStatsArg({ text: quote(token.text) }));
    if (read.kind === "bad") return reject(read.detail);
    filter =
      read.kind === "team"
        ? { kind: "team", team: read.team }
        : read.kind === "me"
          ? { kind: "me" }
          : { kind: "handle", handle: read.handle };
    i += read.used - 1;
  }
  return accept({ name: "stats", period: period ?? "today", filter });
}

export function parseExpiringArgs(args: Args): ArgsResult {
  const [first, ...more] = args.tokens;
  if (first === undefined) return accept({ name: "expiring", page: 1 });
  const page = readPositiveInt(first.text);
  if (page === null) return reject((t) => t.argNotPage({ text: quote(first.text) }));
  return more.length === 0
    ? accept({ name: "expiring", page })
    : reject((t) => t.argOnlyPage({ command: "/expiring" }));
}

export const STATS_SPECS: readonly CommandSpec[] = [
  {
    word: "expiring",
    aliases: [],
    family: "views",
    parseArgs: parseExpiringArgs,
  },
  {
    word: "stats",
    aliases: [],
    family: "views",
    parseArgs: parseStatsArgs,
  },
];
