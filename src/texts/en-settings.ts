// English words of the inbox settings (/settings, /set; SPEC §13, §16): what each setting means, what each
// of its values does, and the forms a free-form one takes. The keys, values and defaults stay as data in
// setting-definitions.ts and free-form-settings.ts, whose types ask for a text here for each of them;
// setting-definitions.test.ts checks every language has exactly these. Spread into en.ts; es-settings.ts
// has every key.

export const enSettings = {
  /** What each setting is for, by key: the end of its /settings line. */
  settingMeanings: {
    agent_reassign: "which conversations agents may move",
    language: "the language of the bot's messages to staff",
    buttons: "reply buttons and lists in private chats",
    seen_signals: "customers see their message read when someone takes it or replies",
    auto_assign: "hand New and team-queue conversations to available agents and managers",
    max_open: "auto-assignment never gives a person more open conversations than this",
    follow_up: "remind an owner who has not answered after this long, hand it back after twice as long",
    window_warning: "warn this long before an unanswered customer's 24-hour window closes",
    hours: "business hours: outside them auto-assignment waits and the away message answers",
    timezone: "the time zone of hours and of /stats days",
    away_message: "sent once to a customer who writes outside business hours",
  },
  /**
   * What each value of a setting that takes one word allows, by "key.value": short enough for one line on
   * a phone, and each reads on its own in /set's answer.
   */
  settingValueMeanings: {
    "agent_reassign.none": "agents keep what they take from New or their teams' queues",
    "agent_reassign.own": "agents may also hand over their own",
    "agent_reassign.any": "agents may also take over anyone's, in any team",
    // Each language by its own name, so whoever reads it finds theirs.
    "language.en": "English",
    "language.es": "español",
    "buttons.on": "notices carry buttons, /assign #N a list",
    "buttons.off": "text with the command to type",
    "seen_signals.on": "mark read (typing when someone takes it)",
    "seen_signals.off": "never mark read",
    "auto_assign.off": "people take conversations themselves",
    "auto_assign.round_robin": "in turns, in the order people joined the staff",
    "auto_assign.balanced": "to whoever has the fewest open conversations",
  },
  /** The forms a free-form setting takes, by key, for /settings. */
  settingForms: {
    max_open: "a number (0 = auto-assignment gives nobody anything), or none",
    follow_up: "a duration (15m, 2h, 1h30m, 1d), or off",
    window_warning: "a duration (45m, 2h, 1h30m), or off",
    hours:
      "days and times, e.g. mon-fri 09:00-18:00, sat 10:00-14:00 (22:00-06:00 runs past midnight), or always",
    timezone: "an IANA time zone, e.g. Europe/Berlin, America/Mexico_City, UTC",
    away_message: "the text to send (the rest of the line), or off",
  },
  /** The example a refused away_message shows: a whole command, its text in the reader's language. */
  settingExampleAwayMessage: () => "/set away_message Thanks for writing! We answer Mon-Fri 9-18.",
};
