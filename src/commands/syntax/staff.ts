// /staff, /staff add, /staff remove, /role: who works the inbox and with which role.
import {
  type Args,
  type ArgsResult,
  accept,
  quote,
  RESERVED_HANDLES,
  readHandle,
  readPhone,
  readRole,
  reject,
  type Token,
} from "../args.js";
import type { Role } from "../command.js";
import type { CommandSpec } from "./spec.js";

const badHandle = (token: Token) => reject((t) => t.argNotHandle({ text: quote(token.text) }));

/** A handle for a new person: valid and not one of the words commands reserve. */
function readNewHandle(token: Token): string | null {
  const handle = readHandle(token.text);
  return handle === null || RESERVED_HANDLES.includes(handle) ? null : handle;
}

export function parseStaffArgs(args: Args): ArgsResult {
  const [sub, ...rest] = args.tokens;
  if (sub === undefined) return accept({ name: "staff" });
  switch (sub.text.toLowerCase()) {
    case "list":
      return rest.length === 0
        ? accept({ name: "staff" })
        : reject((t) => t.argNoArguments({ command: "/staff list" }));
    case "add":
      return parseStaffAdd(rest);
    case "remove":
      return parseStaffRemove(rest);
    default:
      return reject((t) => t.argStaffSubcommand({ text: quote(sub.text) }));
  }
}

/**
 * /staff add <+phone> <handle> [role]. The phone may come second when it has its "+", and may lack the
 * "+" when it comes first (where nothing but a phone can stand), as INBOX_ADMINS allows.
 */
function parseStaffAdd(tokens: readonly Token[]): ArgsResult {
  const [a, b, roleToken, ...more] = tokens;
  if (a === undefined || b === undefined) return reject((t) => t.argPhoneAndHandle());
  if (more.length > 0) return reject((t) => t.argStaffAddTakes());
  const phoneFirst = readPhone(a.text, false) !== null || !b.text.startsWith("+");
  const [phoneToken, handleToken] = phoneFirst ? [a, b] : [b, a];
  const phone = readPhone(phoneToken.text, !phoneFirst);
  if (phone === null) return reject((t) => t.argNotPhone({ text: quote(phoneToken.text) }));
  const handle = readNewHandle(handleToken);
  if (handle === null) {
    const reserved = RESERVED_HANDLES.includes(readHandle(handleToken.text) ?? "");
    return reserved
      ? reject((t) => t.argReservedHandle({ text: quote(handleToken.text) }))
      : badHandle(handleToken);
  }
  let role: Role = "agent";
  if (roleToken !== undefined) {
    const read = readRole(roleToken.text);
    if (read === null) return reject((t) => t.argNotRole({ text: quote(roleToken.text) }));
    role = read;
  }
  return accept({ name: "staff_add", phone, handle, role });
}

function parseStaffRemove(tokens: readonly Token[]): ArgsResult {
  const [handleToken, ...more] = tokens;
  if (handleToken === undefined) return reject((t) => t.argWhomToRemove());
  if (more.length > 0) return reject((t) => t.argRemoveOne());
  const handle = readHandle(handleToken.text);
  return handle === null ? badHandle(handleToken) : accept({ name: "staff_remove", handle });
}

/** /role @handle <role>, in that order: "admin" is both a role and a likely handle. */
export function parseRoleArgs(args: Args): ArgsResult {
  const [handleToken, roleToken, ...more] = args.tokens;
  if (handleToken === undefined || roleToken === undefined) return reject();
  if (more.length > 0) return reject((t) => t.argRoleTakes());
  const handle = readHandle(handleToken.text);
  if (handle === null) return badHandle(handleToken);
  const role = readRole(roleToken.text);
  if (role === null) return reject((t) => t.argNotRole({ text: quote(roleToken.text) }));
  return accept({ name: "role", handle, role });
}

export const STAFF_SPECS: readonly CommandSpec[] = [
  {
    word: "staff",
    aliases: [],
    family: "staff",
    parseArgs: parseStaffArgs,
  },
  {
    word: "role",
    aliases: [],
    family: "staff",
    parseArgs: parseRoleArgs,
  },
];
