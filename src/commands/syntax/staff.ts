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

const badHandle = (token: Token) =>
  reject(`${quote(token.text)} is not a handle (letters, digits, _ . - up to 32)`);

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
      return rest.length === 0 ? accept({ name: "staff" }) : reject("/staff list takes no arguments");
    case "add":
      return parseStaffAdd(rest);
    case "remove":
      return parseStaffRemove(rest);
    default:
      return reject(`${quote(sub.text)}: use /staff, /staff add or /staff remove`);
  }
}

/**
 * /staff add <+phone> <handle> [role]. The phone may come second when it has its "+", and may lack the
 * "+" when it comes first (where nothing but a phone can stand), as INBOX_ADMINS allows.
 */
function parseStaffAdd(tokens: readonly Token[]): ArgsResult {
  const [a, b, roleToken, ...more] = tokens;
  if (a === undefined || b === undefined) return reject("Give a phone number and a handle");
  if (more.length > 0) return reject("/staff add takes a phone, a handle and a role");
  const phoneFirst = readPhone(a.text, false) !== null || !b.text.startsWith("+");
  const [phoneToken, handleToken] = phoneFirst ? [a, b] : [b, a];
  const phone = readPhone(phoneToken.text, !phoneFirst);
  if (phone === null) return reject(`${quote(phoneToken.text)} is not a phone number like +15551234567`);
  const handle = readNewHandle(handleToken);
  if (handle === null) {
    const reserved = RESERVED_HANDLES.includes(readHandle(handleToken.text) ?? "");
    return reserved
      ? reject(`${quote(handleToken.text)} is a reserved word, choose another handle`)
      : badHandle(handleToken);
  }
  let role: Role = "agent";
  if (roleToken !== undefined) {
    const read = readRole(roleToken.text);
    if (read === null) return reject(`${quote(roleToken.text)} is not a role: agent, manager or admin`);
    role = read;
  }
  return accept({ name: "staff_add", phone, handle, role });
}

function parseStaffRemove(tokens: readonly Token[]): ArgsResult {
  const [handleToken, ...more] = tokens;
  if (handleToken === undefined) return reject("Whom? /staff remove @handle");
  if (more.length > 0) return reject("Remove one person at a time");
  const handle = readHandle(handleToken.text);
  return handle === null ? badHandle(handleToken) : accept({ name: "staff_remove", handle });
}

/** /role @handle <role>, in that order: "admin" is both a role and a likely handle. */
export function parseRoleArgs(args: Args): ArgsResult {
  const [handleToken, roleToken, ...more] = args.tokens;
  if (handleToken === undefined || roleToken === undefined) return reject();
  if (more.length > 0) return reject("/role takes a handle and a role");
  const handle = readHandle(handleToken.text);
  if (handle === null) return badHandle(handleToken);
  const role = readRole(roleToken.text);
  if (role === null) return reject(`${quote(roleToken.text)} is not a role: agent, manager or admin`);
  return accept({ name: "role", handle, role });
}

export const STAFF_SPECS: readonly CommandSpec[] = [
  {
    word: "staff",
    aliases: [],
    usage: "Usage: /staff · /staff add <+phone> <handle> [agent|manager|admin] · /staff remove @handle",
    summary: "list, add or remove staff",
    family: "staff",
    parseArgs: parseStaffArgs,
  },
  {
    word: "role",
    aliases: [],
    usage: "Usage: /role @handle agent|manager|admin",
    summary: "change someone's role",
    family: "staff",
    parseArgs: parseRoleArgs,
  },
];
