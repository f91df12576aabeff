// The command AST: what a staff message means once parsed, before anyone looks at the database.
// Handlers switch on `name`; parse.ts is the only producer and format.ts the inverse.
import type { Role } from "../domain/policy.js";
import type { StatsPeriod } from "../domain/stats-period.js";
import type { Phrase } from "../texts/catalog.js";

export type { Role } from "../domain/policy.js";

/**
 * handle (and team names): their normal form, NFKC and lowercase (domain/names.ts), without "@";
 * phone: E.164 with its leading "+".
 */
export type Who = { kind: "me" } | { kind: "handle"; handle: string } | { kind: "phone"; phone: string };
export type AssignTarget = Who | { kind: "team"; team: string };
export type AssignedFilter = { kind: "handle"; handle: string } | { kind: "team"; team: string };
/** Whose /stats: the person typing ("me"), someone, or a team. */
export type StatsFilter = AssignedFilter | { kind: "me" };

/** `conv: null` means "no #N given": the handler falls back to the quoted bot message. */
export type Command =
  | { name: "help"; topic: string | null }
  | { name: "new" | "mine" | "closed"; page: number }
  | { name: "assigned"; page: number; filter: AssignedFilter | null }
  | { name: "queue"; team: string; page: number }
  | { name: "expiring"; page: number }
  | { name: "stats"; period: StatsPeriod; filter: StatsFilter | null }
  /** `history`: the page of the whole history to show instead of the summary (absent: the summary). */
  | { name: "show"; conv: number | null; history?: number }
  | { name: "assign"; target: AssignTarget; conv: number | null }
  /** `/assign` with no target: the list of whom this person may assign it to (SPEC §12, §17 item 7). */
  | { name: "assign_pick"; conv: number | null }
  | { name: "unassign"; conv: number | null }
  | { name: "close"; conv: number | null; note: string | null }
  | { name: "reopen"; conv: number | null }
  | { name: "reply"; conv: number | null; text: string }
  | { name: "template"; conv: number | null; template: string; language: string | null; params: string[] }
  | { name: "templates"; page: number }
  | { name: "note"; conv: number | null; text: string }
  | { name: "away" | "back" | "whoami" | "staff" | "teams" | "settings" }
  | { name: "staff_add"; phone: string; handle: string; role: Role }
  | { name: "staff_remove"; handle: string }
  | { name: "role"; handle: string; role: Role }
  | { name: "team_create"; team: string }
  | { name: "team_add" | "team_remove"; team: string; handle: string }
  | { name: "set"; key: string; value: string }
  /** /forget +phone asks; with `confirm` it erases (src/commands/handlers/forget.ts). */
  | { name: "forget"; phone: string; confirm: boolean };

export type CommandName = Command["name"];

export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; kind: "not_command" }
  /** `word` "" is a bare "/" (or "/ assign"); `suggestion` is the nearest command word, if any. */
  | { ok: false; kind: "unknown"; word: string; suggestion: string | null }
  /**
   * The arguments did not fit `command`; `detail`, when present, says what was wrong with them ("#0 is
   * not a conversation number"). Both are worded in the reader's language when answered.
   */
  | { ok: false; kind: "usage"; command: string; detail?: Phrase };
