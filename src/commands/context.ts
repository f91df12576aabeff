// What a command handler gets and returns. Handlers run inside the staff message's transaction, in a
// savepoint: a Refusal rolls back everything the handler wrote, so a refused command changes nothing
// (only its answer is sent).
import type { ActorFacts } from "../domain/policy.js";
import type { StaffRow } from "../inbox/identities.js";
import type { InboxOptions } from "../inbox/options.js";
import type { InboxDb } from "../store/db.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import type { Command, CommandName } from "./command.js";
import type { InboxSettings } from "./setting-definitions.js";

/**
 * Thrown by a handler to refuse; `answer` is the whole reply the person gets. `conversationId`, when the
 * refusal is about one conversation the person may know of, is remembered with the answer like any other
 * message about it (a quote of it then finds the conversation).
 */
export class Refusal extends Error {
  constructor(
    readonly answer: string,
    readonly conversationId: number | null = null,
  ) {
    super(answer);
    this.name = "Refusal";
  }
}

export type Actor = StaffRow & { teamIds: number[]; facts: ActorFacts };

/** Where the command came from, and so where its answer goes. */
export type Channel = { kind: "direct" } | { kind: "group"; groupId: string };

export type CommandContext = {
  tx: InboxDb;
  now: number;
  actor: Actor;
  /**
   * The staff message that carried the command. `sentAt` is its time (domain/message-time.ts), the clock
   * conversation activity is kept by (see commandTime).
   */
  message: { id: number; wamid: string; quotedId: string | null; sentAt: number };
  channel: Channel;
  options: InboxOptions;
  settings: InboxSettings;
};

/**
 * When the person acted: their message's time, so a change or a reply sorts among the customers' messages
 * by when it was sent, however late it was delivered (SPEC §4 "newest activity first").
 */
export function commandTime(ctx: CommandContext): number {
  return ctx.message.sentAt;
}

/**
 * `answer: null` only for a relayed reply to a customer, which gets no "sent" message (SPEC §4).
 * `interactive`: the answer as a list or buttons (SPEC §12) for a private chat; `answer` is its text
 * fallback, and what the staff group gets.
 */
export type CommandResult = {
  answer: string | null;
  conversationId: number | null;
  interactive?: GraphMessage | null;
};

export type CommandHandler<C extends Command = Command> = (ctx: CommandContext, command: C) => CommandResult;

/**
 * `Command & { name: K }` rather than Extract: a command type that carries two names
 * (`team_add` | `team_remove`) must still give each name its handler's argument type.
 */
export type HandlerMap = { [K in CommandName]: CommandHandler<Command & { name: K }> };
