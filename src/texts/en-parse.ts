// English: what the command parser says about arguments it cannot read (commands/syntax/*), and the
// answer to an unknown command word. `text` is what the person typed, already quoted and shortened.

type Typed = { text: string };

export const enParse = {
  usageHeader: () => "Usage:",
  unknownCommand: (p: { word: string }) => `Unknown command /${p.word}. Send /help`,
  unknownCommandDidYouMean: (p: { word: string; suggestion: string }) =>
    `Unknown command /${p.word}, did you mean /${p.suggestion}? Send /help`,
  bareSlash: () => "A command is / followed by its name, with no space: /help lists them.",
  bareSlashDidYouMean: (p: { suggestion: string }) =>
    `Unknown command /, did you mean /${p.suggestion}? Write it with no space after the /. Send /help`,

  argNotConversation: (p: Typed) => `${p.text} is not a conversation number`,
  argOneConversation: () => "Give one conversation number",
  argNotPage: (p: Typed) => `${p.text} is not a page number`,
  argOnePage: () => "Give one page number",
  argNotTeam: (p: Typed) => `${p.text} is not a team name`,
  argNotHandle: (p: Typed) => `${p.text} is not a handle (letters, digits, _ . - up to 32)`,
  argNotRole: (p: Typed) => `${p.text} is not a role: agent, manager or admin`,
  argNotPhone: (p: Typed) => `${p.text} is not a phone number like +15551234567`,
  argPhoneNeedsPlus: (p: { digits: string }) => `Phone numbers start with +: +${p.digits}`,
  argConversationOrPerson: (p: { digits: string }) =>
    `Write #${p.digits} for a conversation or @${p.digits} for a person`,
  argNotWho: (p: Typed) => `${p.text} is not me, @handle, +phone or team <name>`,
  argNotSetting: (p: Typed) => `${p.text} is not a setting name`,
  argNotTemplate: (p: Typed) => `${p.text} is not a template name`,
  argNotPageOrFilter: (p: Typed) => `${p.text} is not a page, @handle or team <name>`,
  argNoArguments: (p: { command: string }) => `${p.command} takes no arguments`,
  argOnlyPage: (p: { command: string }) => `${p.command} takes only a page number`,
  argOnlyConversation: (p: { command: string; text: string }) => `${p.command} takes only #N, not ${p.text}`,
  argShowTakes: (p: Typed) => `/show takes #N and history [page], not ${p.text}`,
  argShowHistoryTakes: (p: Typed) => `/show history takes one page number, not ${p.text}`,
  argTeamNeedsName: (p: { syntax: string }) => `team needs a name: ${p.syntax}`,
  argOneTarget: () => "Assign to one person or one team",
  argReplyEmpty: () => "What should the customer read?",
  argNoteEmpty: () => "The note is empty",
  argWhichTemplate: () => "Which template? /template <name>",
  argTemplateParamEmpty: () => "A template parameter is empty; separate parameters with |",
  argSettingValue: (p: { key: string }) => `What should ${p.key} be?`,
  argStaffSubcommand: (p: Typed) => `${p.text}: use /staff, /staff add or /staff remove`,
  argPhoneAndHandle: () => "Give a phone number and a handle",
  argStaffAddTakes: () => "/staff add takes a phone, a handle and a role",
  argReservedHandle: (p: Typed) => `${p.text} is a reserved word, choose another handle`,
  argWhomToRemove: () => "Whom? /staff remove @handle",
  argRemoveOne: () => "Remove one person at a time",
  argRoleTakes: () => "/role takes a handle and a role",
  argTeamSubcommand: (p: Typed) => `${p.text}: use /team create, /team add or /team remove`,
  argWhichTeam: (p: { example: string | null }) =>
    p.example === null ? "Which team?" : `Which team? ${p.example}`,
  argTeamOneWord: () => "Team names are one word: letters, digits, _ and -",
  argTeamAndHandle: () => "Give a team and a @handle",
  argTeamOpTakes: (p: { command: string }) => `${p.command} takes a team and one @handle`,
  argPageAndFilter: () => "Give one page and one @handle or team <name>",
  argQueueTakes: () => "/queue takes a team and a page number",
  argForgetWhom: () => "Whose data? /forget +15551234567",
  argForgetTakes: () => "/forget takes a phone number and then, to confirm, the word confirm",
  argForgetOnlyConfirm: (p: Typed) => `${p.text}: only the word confirm may follow the number`,
};
