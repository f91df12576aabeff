// English texts of /stats and /expiring (handlers/stats.ts), spread into en.ts. The help entries are
// spread into en.helpTopics and en.helpExamples.

type Count = { count: string };

export const enStats = {
  statsHeader: (p: { period: string; zone: string; scope: string }) =>
    `Stats · ${p.period} (${p.zone}) · ${p.scope}`,
  statsPeriodName: (p: { period: string }) =>
    p.period === "7d" ? "last 7 days" : p.period === "30d" ? "last 30 days" : "today",
  statsScopeAll: () => "whole inbox",
  statsScopeMine: () => "your teams and you",
  statsScopeYou: () => "you",
  statsScopePerson: (p: { who: string; inYourTeams: boolean }) =>
    `${p.who}${p.inYourTeams ? " in your teams" : ""}`,
  statsScopeTeam: (p: { team: string }) => `team ${p.team}`,
  statsNow: () => "Now:",
  statsOpen: (p: Count) => `Open: ${p.count}`,
  statsNew: (p: Count & { wait: string | null; inbox: boolean }) =>
    `In New${p.inbox ? " (whole inbox)" : ""}: ${p.count}${p.wait === null ? "" : ` · longest waiting ${p.wait}`}`,
  statsQueues: (p: { list: string }) => `Team queues: ${p.list}`,
  statsAwaiting: (p: Count & { wait: string | null }) =>
    `Awaiting a reply: ${p.count}${p.wait === null ? "" : ` · longest ${p.wait}`}`,
  statsClosingSoon: (p: Count) => `Windows closing within 2h, unanswered: ${p.count}`,
  statsPerPerson: (p: { list: string }) => `Open per person: ${p.list}`,
  statsPerPersonNone: () => "Open per person: nobody has any",
  statsAway: () => "away",
  statsMorePeople: (p: Count) => `+${p.count} more`,
  statsPeriodTitle: (p: { period: string }) => `${p.period[0]?.toUpperCase() ?? ""}${p.period.slice(1)}:`,
  statsCounts: (p: { created: string; closed: string; reopened: string; inbox: boolean }) =>
    `New${p.inbox ? " (whole inbox)" : ""}: ${p.created} · closed: ${p.closed} · reopened: ${p.reopened}`,
  statsFirstResponse: (p: Count & { median: string; p90: string }) =>
    `First response: median ${p.median} · p90 ${p.p90} (${p.count} answered)`,
  statsFirstResponseNone: () => "First response: nobody answered yet",
  statsResolution: (p: Count & { median: string }) => `Resolution: median ${p.median} (${p.count} closed)`,
  statsResolutionNone: () => "Resolution: nothing closed",
  statsMissed: (p: Count) => `Windows closed unanswered: ${p.count}`,
  whyStatsAgentOwn: () => "agents see only their own figures",
  whyStatsManagerTeams: () => "managers see the figures of their teams and their members",
  viewExpiring: () => "Expiring",
  viewExpiringEmpty: () => "No waiting customer has an open window. 🎉",
  argOnePeriod: () => "Give one period: today, 7d or 30d",
  argOneStatsFilter: () => "Give one @handle or team <name>",
  argNotStatsArg: (p: { text: string }) => `${p.text} is not today, 7d, 30d, @handle or team <name>`,
  helpStats: () => "/stats [today|7d|30d] · /expiring: figures, windows closing soon",
};

export const enStatsHelpTopics = {
  expiring: "/expiring [page]: waiting customers, the soonest-closing window first",
  stats: "/stats [today|7d|30d] [@handle|team <name>]: the inbox now and over a period",
};

export const enStatsHelpExamples = {
  expiring: "/expiring",
  stats: "/stats 7d team sales",
};
