// /help: the commands this person may use, with their syntax, on one phone screen (about ten lines);
// /help <command>: that command's syntax as far as this person may use it, and one example (SPEC §4,
// §16). What a role may use comes from the policy's rules, so help never lists a refused command.
import type { AgentReassign, Role } from "../../domain/policy.js";
import type { Catalog } from "../../texts/catalog.js";
import { shorten } from "../args.js";
import type { ParseResult } from "../command.js";
import type { HandlerMap } from "../context.js";
import { textsOf } from "../lookup.js";
import { lookupCommand } from "../syntax/registry.js";

export type Reader = { role: Role; agentReassign: AgentReassign };
type Topic = keyof Catalog["helpTopics"];

/** Agents may hand a conversation over (or /unassign it) unless agent_reassign is none (SPEC §5). */
const mayHandOver = (r: Reader) => r.role !== "agent" || r.agentReassign !== "none";
const everyone = () => true;
const managers = (r: Reader) => r.role !== "agent";
const admins = (r: Reader) => r.role === "admin";

/** The one-screen list, in the order a person works: look, take, answer, finish, then the rest. */
const LIST: readonly { line: (t: Catalog) => string; who: (r: Reader) => boolean }[] = [
  { line: (t) => t.helpViews(), who: everyone },
  { line: (t) => t.helpStats(), who: everyone },
  { line: (t) => t.helpShow(), who: everyone },
  { line: (t) => t.helpTake(), who: everyone },
  { line: (t) => t.helpHandOver(), who: mayHandOver },
  { line: (t) => t.helpReply(), who: everyone },
  { line: (t) => t.helpTemplate(), who: everyone },
  { line: (t) => t.helpCloseReopen(), who: everyone },
  { line: (t) => t.helpNote(), who: everyone },
  { line: (t) => t.helpSelf(), who: everyone },
  { line: (t) => t.helpTeamsManager(), who: (r) => r.role === "manager" },
  { line: (t) => t.helpTeamsAdmin(), who: admins },
  { line: (t) => t.helpStaffAdmin(), who: admins },
  { line: (t) => t.helpSetAdmin(), who: admins },
];

/** Each command word's forms, and who may use each form. */
export const TOPICS: Readonly<Record<string, readonly { form: Topic; who: (r: Reader) => boolean }[]>> = {
  help: [{ form: "help", who: everyone }],
  new: [{ form: "new", who: everyone }],
  mine: [{ form: "mine", who: everyone }],
  assigned: [{ form: "assigned", who: everyone }],
  closed: [{ form: "closed", who: everyone }],
  queue: [{ form: "queue", who: everyone }],
  expiring: [{ form: "expiring", who: everyone }],
  stats: [{ form: "stats", who: everyone }],
  show: [{ form: "show", who: everyone }],
  assign: [
    { form: "assignMe", who: everyone },
    { form: "assignOther", who: mayHandOver },
    { form: "assignPick", who: mayHandOver },
  ],
  unassign: [{ form: "unassign", who: mayHandOver }],
  close: [{ form: "close", who: everyone }],
  reopen: [{ form: "reopen", who: everyone }],
  reply: [{ form: "reply", who: everyone }],
  template: [{ form: "template", who: everyone }],
  templates: [{ form: "templates", who: everyone }],
  note: [{ form: "note", who: everyone }],
  away: [{ form: "away", who: everyone }],
  back: [{ form: "back", who: everyone }],
  whoami: [{ form: "whoami", who: everyone }],
  staff: [
    { form: "staffList", who: everyone },
    { form: "staffAdd", who: admins },
    { form: "staffRemove", who: admins },
  ],
  role: [{ form: "role", who: admins }],
  teams: [{ form: "teams", who: everyone }],
  team: [
    { form: "teamCreate", who: admins },
    { form: "teamMembers", who: managers },
  ],
  settings: [{ form: "settings", who: everyone }],
  set: [{ form: "set", who: admins }],
  forget: [{ form: "forget", who: admins }],
};

export function helpLines(t: Catalog, reader: Reader): string[] {
  const lines = LIST.filter((entry) => entry.who(reader)).map((entry) => entry.line(t));
  return [t.helpHeader({ role: t.roleName({ role: reader.role }) }), ...lines, t.helpFooter()];
}

export function helpTopic(t: Catalog, reader: Reader, topic: string): string {
  const spec = lookupCommand(topic);
  if (!spec) return t.helpUnknown({ topic });
  const forms = TOPICS[spec.word];
  // Every command has an entry (registry.test.ts); a missing one still answers with the command's name.
  if (forms === undefined) return `/${spec.word}`;
  const usable = forms.filter((f) => f.who(reader));
  const first = usable[0];
  if (first === undefined) {
    const who = forms.some((f) => f.who({ role: "manager", agentReassign: "own" }))
      ? t.helpWhoManagers()
      : t.helpWhoAdmins();
    return t.helpNotForYou({ command: `/${spec.word}`, who });
  }
  return [
    ...usable.map((f) => t.helpTopics[f.form]),
    t.helpExample({ example: t.helpExamples[first.form] }),
  ].join("\n");
}

/**
 * The answer to a command the parser could not read: what was wrong, then the command's syntax and an
 * example as /help <command> gives them to this person; or, for an unknown word, the nearest command.
 */
export function parseFailureAnswer(
  t: Catalog,
  reader: Reader,
  failure: Extract<ParseResult, { kind: "usage" | "unknown" }>,
): string {
  if (failure.kind === "usage") {
    const detail = failure.detail === undefined ? [] : [failure.detail(t)];
    return [...detail, helpTopic(t, reader, failure.command)].join("\n");
  }
  const { suggestion } = failure;
  if (failure.word === "") return suggestion === null ? t.bareSlash() : t.bareSlashDidYouMean({ suggestion });
  const word = shorten(failure.word);
  return suggestion === null ? t.unknownCommand({ word }) : t.unknownCommandDidYouMean({ word, suggestion });
}

export const HELP_HANDLERS: Pick<HandlerMap, "help"> = {
  help: (ctx, command) => {
    const t = textsOf(ctx);
    const reader = { role: ctx.actor.role, agentReassign: ctx.settings.agentReassign };
    const answer =
      command.topic === null ? helpLines(t, reader).join("\n") : helpTopic(t, reader, command.topic);
    return { answer, conversationId: null };
  },
};
