// Spanish texts of /stats and /expiring (handlers/stats.ts), spread into es.ts; same keys and parameters
// as en-stats.ts.

type Count = { count: string };

export const esStats = {
  statsHeader: (p: { period: string; zone: string; scope: string }) =>
    `Estadísticas · ${p.period} (${p.zone}) · ${p.scope}`,
  statsPeriodName: (p: { period: string }) =>
    p.period === "7d" ? "últimos 7 días" : p.period === "30d" ? "últimos 30 días" : "hoy",
  statsScopeAll: () => "toda la bandeja",
  statsScopeMine: () => "tus equipos y tú",
  statsScopeYou: () => "tú",
  statsScopePerson: (p: { who: string; inYourTeams: boolean }) =>
    `${p.who}${p.inYourTeams ? " en tus equipos" : ""}`,
  statsScopeTeam: (p: { team: string }) => `equipo ${p.team}`,
  statsNow: () => "Ahora:",
  statsOpen: (p: Count) => `Abiertas: ${p.count}`,
  statsNew: (p: Count & { wait: string | null; inbox: boolean }) =>
    `En New${p.inbox ? " (toda la bandeja)" : ""}: ${p.count}${p.wait === null ? "" : ` · la que más espera, ${p.wait}`}`,
  statsQueues: (p: { list: string }) => `Colas de equipo: ${p.list}`,
  statsAwaiting: (p: Count & { wait: string | null }) =>
    `Esperan respuesta: ${p.count}${p.wait === null ? "" : ` · la espera más larga, ${p.wait}`}`,
  statsClosingSoon: (p: Count) => `Ventanas que cierran en menos de 2 h sin respuesta: ${p.count}`,
  statsPerPerson: (p: { list: string }) => `Abiertas por persona: ${p.list}`,
  statsPerPersonNone: () => "Abiertas por persona: nadie tiene ninguna",
  statsAway: () => "ausente",
  statsMorePeople: (p: Count) => `y ${p.count} más`,
  statsPeriodTitle: (p: { period: string }) => `${p.period[0]?.toUpperCase() ?? ""}${p.period.slice(1)}:`,
  statsCounts: (p: { created: string; closed: string; reopened: string; inbox: boolean }) =>
    `Nuevas${p.inbox ? " (toda la bandeja)" : ""}: ${p.created} · cerradas: ${p.closed} · reabiertas: ${p.reopened}`,
  statsFirstResponse: (p: Count & { median: string; p90: string }) =>
    `Primera respuesta: mediana ${p.median} · p90 ${p.p90} (${p.count} respondidas)`,
  statsFirstResponseNone: () => "Primera respuesta: todavía nadie ha respondido",
  statsResolution: (p: Count & { median: string }) => `Resolución: mediana ${p.median} (${p.count} cerradas)`,
  statsResolutionNone: () => "Resolución: no se cerró ninguna",
  statsMissed: (p: Count) => `Ventanas cerradas sin respuesta: ${p.count}`,
  whyStatsAgentOwn: () => "los agentes solo ven sus propias cifras",
  whyStatsManagerTeams: () => "los managers ven las cifras de sus equipos y de sus miembros",
  viewExpiring: () => "Por vencer",
  viewExpiringEmpty: () => "Ningún cliente en espera tiene la ventana abierta. 🎉",
  argOnePeriod: () => "Indica un solo periodo: today, 7d o 30d",
  argOneStatsFilter: () => "Indica un solo @handle o team <nombre>",
  argNotStatsArg: (p: { text: string }) => `${p.text} no es today, 7d, 30d, @handle ni team <nombre>`,
  helpStats: () => "/stats [today|7d|30d] · /expiring: cifras, ventanas a punto de cerrar",
};

export const esStatsHelpTopics = {
  expiring: "/expiring [página]: clientes en espera, primero la ventana que cierra antes",
  stats: "/stats [today|7d|30d] [@handle|team <nombre>]: la bandeja ahora y en un periodo",
};

export const esStatsHelpExamples = {
  expiring: "/expiring",
  stats: "/stats 7d team ventas",
};
