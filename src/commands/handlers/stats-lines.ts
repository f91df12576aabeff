// The lines of a /stats answer (SPEC §14): "now" from the open-conversation counters and the waiting
// indexes, the period from the hourly counters. Every figure is summed over the parts of the scope,
// which never overlap (domain/stats-scope.ts).
import {
  addBins,
  formatBin,
  percentileOf,
  periodHours,
  type StatsPeriod,
} from "../../domain/stats-period.js";
import { type StatsScope, slicesOf } from "../../domain/stats-scope.js";
import { HOUR_MS } from "../../domain/window.js";
import {
  type HourKey,
  longestAwaiting,
  longestNewWait,
  type OpenCell,
  openCells,
  periodSums,
  staffNames,
  windowsClosing,
} from "../../store/stats-queries.js";
import type { CommandContext } from "../context.js";
import { teamName, textsOf } from "../lookup.js";

/** "Windows closing within 2 h" (SPEC §14). */
const CLOSING_SOON_MS = 2 * HOUR_MS;
const number = (n: number) => n.toLocaleString("en");

function inScope(scope: StatsScope, cell: OpenCell): boolean {
  if (scope.all) return true;
  if (cell.staffKey === 0 && cell.teamKey === 0) return false;
  if (scope.teams.includes(cell.teamKey)) return true;
  const owner = scope.owner;
  return (
    owner !== null && cell.staffKey === owner.staffId && owner.teams.some((t) => (t ?? 0) === cell.teamKey)
  );
}

/**
 * Now: open, New (inbox-wide: everyone may see New), the team queues in scope, waiting customers and the
 * longest wait, windows about to close unanswered, and open per person. `budget` is what the message has
 * left for these lines; the per-person list is cut to fit, with "+N more".
 */
export function nowLines(
  ctx: CommandContext,
  scope: StatsScope,
  teams: readonly number[],
  budget: number,
): string[] {
  const t = textsOf(ctx);
  const { tx, now } = ctx;
  const cells = openCells(tx);
  const mine = cells.filter((cell) => inScope(scope, cell));
  const sum = (list: readonly OpenCell[]) => list.reduce((total, cell) => total + cell.n, 0);
  const slices = slicesOf(scope, teams);

  const inNew = sum(cells.filter((cell) => cell.staffKey === 0 && cell.teamKey === 0));
  const newSince = longestNewWait(tx);
  const lines = [
    t.statsNow(),
    t.statsOpen({ count: number(sum(mine)) }),
    t.statsNew({
      count: number(inNew),
      wait: newSince === null ? null : formatBin(now - newSince),
      inbox: !scope.all,
    }),
  ];

  const queueTeams = scope.all ? teams : scope.teams;
  if (queueTeams.length > 0) {
    const list = queueTeams.map((team) => {
      const queued = sum(cells.filter((cell) => cell.teamKey === team && cell.staffKey === 0));
      return `${teamName(tx, team) ?? team} ${number(queued)}`;
    });
    lines.push(t.statsQueues({ list: list.join(" · ") }));
  }

  const waits = slices.map((s) => longestAwaiting(tx, s)).filter((at): at is number => at !== null);
  const longest = waits.length === 0 ? null : Math.min(...waits);
  lines.push(
    t.statsAwaiting({
      count: number(sum(mine.filter((cell) => cell.awaiting === 1))),
      wait: longest === null ? null : formatBin(now - longest),
    }),
  );
  const closing = slices.reduce((n, s) => n + windowsClosing(tx, s, now, now + CLOSING_SOON_MS), 0);
  lines.push(t.statsClosingSoon({ count: number(closing) }));

  // One person's scope: their own count is "Open" already.
  if (scope.all || scope.teams.length > 0) {
    const used = lines.join("\n").length + 1;
    lines.push(perPerson(ctx, mine, budget - used));
  }
  return lines;
}

function perPerson(ctx: CommandContext, cells: readonly OpenCell[], budget: number): string {
  const t = textsOf(ctx);
  const counts = new Map<number, number>();
  for (const cell of cells) {
    if (cell.staffKey !== 0 && cell.n > 0)
      counts.set(cell.staffKey, (counts.get(cell.staffKey) ?? 0) + cell.n);
  }
  if (counts.size === 0) return t.statsPerPersonNone();
  const names = staffNames(ctx.tx);
  const people = [...counts]
    .map(([id, n]) => ({ n, person: names.get(id) }))
    .sort((a, b) => b.n - a.n || (a.person?.handle ?? "").localeCompare(b.person?.handle ?? ""));
  const entries = people.map(({ n, person }) => {
    const away = person?.away ? ` (${t.statsAway()})` : "";
    return `@${person?.handle ?? "?"} ${number(n)}${away}`;
  });
  // Longest lists first lose their tail, said as "+N more", so the message stays one message.
  for (let shown = entries.length; shown >= 0; shown--) {
    const rest = entries.length - shown;
    const list = [
      ...entries.slice(0, shown),
      ...(rest > 0 ? [t.statsMorePeople({ count: number(rest) })] : []),
    ];
    const line = t.statsPerPerson({ list: list.join(" · ") });
    if (line.length <= budget || shown === 0) return line;
  }
  return t.statsPerPersonNone();
}

type Period = { period: StatsPeriod; zone: string; title: string };

/** The hourly counters' keys of a scope: the inbox, whole teams, or one person in some teams. */
function keysOf(scope: StatsScope): HourKey[] {
  if (scope.all) return [{ level: "a", teamKey: 0, staffKey: 0 }];
  const owner = scope.owner;
  return [
    ...scope.teams.map((team): HourKey => ({ level: "t", teamKey: team, staffKey: 0 })),
    ...(owner === null
      ? []
      : owner.teams.map((team): HourKey => ({ level: "p", teamKey: team ?? 0, staffKey: owner.staffId }))),
  ];
}

/** The period: new (inbox-wide), closed, reopened; first response and resolution; missed windows. */
export function periodLines(ctx: CommandContext, scope: StatsScope, p: Period): string[] {
  const t = textsOf(ctx);
  const { from, to } = periodHours(ctx.now, p.period, p.zone);
  const counts = new Map<string, number>();
  const first = new Map<number, number>();
  const resolve = new Map<number, number>();
  for (const key of keysOf(scope)) {
    for (const row of periodSums(ctx.tx, key, from, to)) {
      if (row.metric === "first") addBins(first, [[row.bin, row.n]]);
      else if (row.metric === "resolve") addBins(resolve, [[row.bin, row.n]]);
      else counts.set(row.metric, (counts.get(row.metric) ?? 0) + row.n);
    }
  }
  // New conversations start in New, which everyone sees: always the whole inbox's.
  let created = counts.get("new") ?? 0;
  if (!scope.all) {
    const inbox = periodSums(ctx.tx, { level: "a", teamKey: 0, staffKey: 0 }, from, to);
    created = inbox.reduce((n, row) => (row.metric === "new" ? n + row.n : n), 0);
  }
  const total = (bins: Map<number, number>) => [...bins.values()].reduce((a, b) => a + b, 0);
  const median = percentileOf(first, 0.5);
  const p90 = percentileOf(first, 0.9);
  const resolved = percentileOf(resolve, 0.5);
  return [
    t.statsPeriodTitle({ period: p.title }),
    t.statsCounts({
      created: number(created),
      closed: number(counts.get("closed") ?? 0),
      reopened: number(counts.get("reopened") ?? 0),
      inbox: !scope.all,
    }),
    median === null || p90 === null
      ? t.statsFirstResponseNone()
      : t.statsFirstResponse({ median: formatBin(median), p90: formatBin(p90), count: number(total(first)) }),
    resolved === null
      ? t.statsResolutionNone()
      : t.statsResolution({ median: formatBin(resolved), count: number(total(resolve)) }),
    t.statsMissed({ count: number(counts.get("missed") ?? 0) }),
  ];
}
