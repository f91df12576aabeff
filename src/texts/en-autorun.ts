// English texts of the inbox running itself (SPEC §13): free-form settings, auto-assignment, follow-ups,
// window warnings. Spread into en.ts; es-autorun.ts has every key with the same parameters.

type N = { n: number };

export const enAutorun = {
  // ── /set of a free-form setting (free-form-settings.ts) ──
  badFreeSetting: (p: { key: string; typed: string; why: string; example: string }) =>
    `${p.key} cannot be ${p.typed}: ${p.why}. Example: ${p.example}`,
  problemNumber: () => "write a whole number, or none for no limit",
  problemDuration: () => "write a duration such as 45m, 2h, 1h30m or 1d, or off",
  problemDurationZero: () => "a duration must be longer than 0 minutes; off turns it off",
  problemDurationLong: () => "a duration may be at most 30d",
  problemHoursEmpty: () => "write days and times, or always",
  problemHoursItem: (p: { item: string }) =>
    `"${p.item}" is not <days> <HH:MM>-<HH:MM> (items are separated by commas)`,
  problemHoursDay: (p: { token: string }) =>
    `"${p.token}" is not a day (mon, tue, wed, thu, fri, sat, sun; a range is mon-fri)`,
  problemHoursTime: (p: { token: string }) =>
    `"${p.token}" is not a time: write 24-hour HH:MM, e.g. 09:00-18:00`,
  problemHoursSame: (p: { item: string }) => `"${p.item}" starts and ends at the same time`,
  problemZone: () => "that is not a time zone; write an IANA name such as Europe/Berlin or America/Bogota",
  problemTextEmpty: () => "write the message, or off",
  problemTextLong: (p: { limit: number }) => `the message may be at most ${p.limit} characters`,
  settingChangedTo: (p: { key: string; value: string; was: string }) =>
    `${p.key} is now ${p.value} (was ${p.was}). Nobody else was told.`,

  // ── auto-assignment (autorun/auto-assign.ts) ──
  autoAssignedToYou: (p: N & { mode: string }) => `#${p.n} assigned to you by auto-assignment (${p.mode})`,

  // ── follow-ups (autorun/follow-ups.ts) ──
  followUpReminder: (p: N & { customer: string; waited: string }) =>
    `#${p.n} · ${p.customer} has waited ${p.waited} for an answer · reply, or /unassign #${p.n}`,
  followUpBackOwner: (p: N & { customer: string; waited: string; place: string; setting: string }) =>
    `#${p.n} went back to ${p.place}: ${p.customer} waited ${p.waited} for an answer (follow_up ${p.setting}).`,
  followUpBackManagers: (p: N & { customer: string; waited: string; place: string; owner: string }) =>
    `#${p.n} went back from ${p.owner} to ${p.place}: ${p.customer} waited ${p.waited} for an answer. Take it: /assign me #${p.n}`,
  followUpBackManagersHanded: (
    p: N & { customer: string; waited: string; place: string; owner: string; to: string },
  ) =>
    `#${p.n} went back from ${p.owner} to ${p.place}: ${p.customer} waited ${p.waited} for an answer. Auto-assignment gave it to ${p.to}.`,
  followUpBackQueue: (p: N & { customer: string; place: string }) =>
    `#${p.n} · ${p.customer} is back in ${p.place}, waiting for an answer. Take it: /assign me #${p.n}`,
  placeNewQueue: () => "New",
  placeTeamQueue: (p: { team: string }) => `the team ${p.team} queue`,

  // ── window warnings (autorun/window-warnings.ts) ──
  windowWarning: (p: N & { left: string; customer: string; since: string }) =>
    `#${p.n} · window closes in ${p.left} · ${p.customer} is waiting since ${p.since}`,
};
