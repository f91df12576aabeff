// /help lists only what this person may use (SPEC §4); /help <command> gives one usage line.
import type { Role } from "../../domain/policy.js";
import type { HandlerMap } from "../context.js";
import { COMMAND_SPECS, lookupCommand } from "../syntax/registry.js";
import type { CommandSpec } from "../syntax/spec.js";

/** Who may use a command at all; what they may do with it is the policy's business. */
const ADMIN_ONLY = new Set(["role", "set"]);
const MANAGERS_AND_ADMINS = new Set(["team"]);

function usableBy(spec: CommandSpec, role: Role): boolean {
  if (role === "admin") return true;
  if (ADMIN_ONLY.has(spec.word)) return false;
  if (MANAGERS_AND_ADMINS.has(spec.word)) return role === "manager";
  return true;
}

export const HELP_HANDLERS: Pick<HandlerMap, "help"> = {
  help: (ctx, command) => {
    const role = ctx.actor.role;
    if (command.topic !== null) {
      const spec = lookupCommand(command.topic);
      if (!spec)
        return { answer: `There is no /${command.topic}. Send /help for the list.`, conversationId: null };
      const note = usableBy(spec, role) ? "" : `\n(Not available to ${role}s.)`;
      return { answer: `/${spec.word}: ${spec.summary}\n${spec.usage}${note}`, conversationId: null };
    }
    const lines = COMMAND_SPECS.filter((spec) => usableBy(spec, role)).map(
      (spec) => `/${spec.word} · ${spec.summary}`,
    );
    const footer =
      "Add #N to act on a conversation, or reply to one of its messages. Reply to a forwarded customer message to answer the customer.";
    return { answer: [`Commands for you (${role}):`, ...lines, footer].join("\n"), conversationId: null };
  },
};
