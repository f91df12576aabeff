// English texts of the one-tap shortcuts (SPEC §12): reply buttons, the /assign list, reactions.
// Spread into en.ts; es-taps.ts has the same keys.

type N = { n: number };

export const enTaps = {
  // Reply button titles: at most 20 characters with the #N (interactive.ts checks).
  tapTake: (p: N) => `Take #${p.n}`,
  tapShow: (p: N) => `Show #${p.n}`,
  tapClose: (p: N) => `Close #${p.n}`,
  // The /assign #N list (handlers/assign-pick.ts).
  pickBody: (p: N & { page: number; pages: number }) =>
    `#${p.n} · who should have it?${p.pages > 1 ? ` (${p.page}/${p.pages})` : ""}`,
  pickButton: () => "Choose",
  pickSection: () => "Assign to",
  pickMe: () => "me",
  pickMeDescription: () => "take it yourself",
  pickTeamDescription: () => "the team's queue",
  pickMore: () => "More…",
  pickMoreDescription: (p: { count: number }) => `${p.count} more to choose from`,
  pickText: (p: N & { lines: string }) => `#${p.n} · who should have it? Send one of:\n${p.lines}`,
  pickNobody: (p: N) => `#${p.n} · there is nobody you may assign it to now (away staff get no new work).`,
  pickPastEnd: (p: N) => `#${p.n} · that list has changed. Send /assign #${p.n} for the current one.`,
  // Reactions and taps the bot cannot use.
  reactionNoConversation: () =>
    "That message is about no conversation: react with 👍 or ✅ to a message about #N.",
  reactionSeveral: (p: { list: string }) =>
    `That message is about ${p.list}: send /assign me #N or /close #N for one of them.`,
  tapUnknown: () => "That button is not one the bot sent. Type the command instead; /help lists them.",
};
