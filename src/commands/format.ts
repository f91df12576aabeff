// The inverse of parseCommand: a Command written the way a person would type it. Handlers use it for
// hints ("/new 2 for more", "reply /assign me #12"); parse.test.ts checks parse(format(c)) = c.
import type { AssignTarget, Command } from "./command.js";

const conv = (n: number | null) => (n === null ? "" : ` #${n}`);
const page = (n: number) => (n === 1 ? "" : ` ${n}`);

export function formatTarget(target: AssignTarget): string {
  switch (target.kind) {
    case "me":
      return "me";
    case "handle":
      return `@${target.handle}`;
    case "phone":
      return target.phone;
    case "team":
      return `team ${target.team}`;
  }
}

export function formatCommand(command: Command): string {
  switch (command.name) {
    case "help":
      return command.topic === null ? "/help" : `/help ${command.topic}`;
    case "new":
    case "mine":
    case "closed":
      return `/${command.name}${page(command.page)}`;
    case "assigned":
      return `/assigned${page(command.page)}${command.filter === null ? "" : ` ${formatTarget(command.filter)}`}`;
    case "queue":
      return `/queue ${command.team}${page(command.page)}`;
    case "expiring":
      return `/expiring${page(command.page)}`;
    case "stats": {
      const filter = command.filter === null ? "" : ` ${formatTarget(command.filter)}`;
      return `/stats ${command.period}${filter}`;
    }
    case "show": {
      const history = command.history === undefined ? "" : ` history${page(command.history)}`;
      return `/show${conv(command.conv)}${history}`;
    }
    case "unassign":
    case "reopen":
      return `/${command.name}${conv(command.conv)}`;
    case "assign":
      return `/assign ${formatTarget(command.target)}${conv(command.conv)}`;
    case "assign_pick":
      return `/assign${conv(command.conv)}`;
    case "close":
      return `/close${conv(command.conv)}${command.note === null ? "" : ` ${command.note}`}`;
    case "reply":
    case "note":
      return `/${command.name}${conv(command.conv)} ${command.text}`;
    case "template": {
      const language = command.language === null ? "" : ` ${command.language}`;
      const params = command.params.length === 0 ? "" : ` ${command.params.join(" | ")}`;
      return `/template${conv(command.conv)} ${command.template}${language}${params}`;
    }
    case "templates":
      return `/templates${page(command.page)}`;
    case "away":
    case "back":
    case "whoami":
    case "staff":
    case "teams":
    case "settings":
      return `/${command.name}`;
    case "staff_add":
      return `/staff add ${command.phone} @${command.handle} ${command.role}`;
    case "staff_remove":
      return `/staff remove @${command.handle}`;
    case "role":
      return `/role @${command.handle} ${command.role}`;
    case "team_create":
      return `/team create ${command.team}`;
    case "team_add":
      return `/team add ${command.team} @${command.handle}`;
    case "team_remove":
      return `/team remove ${command.team} @${command.handle}`;
    case "set":
      return `/set ${command.key} ${command.value}`;
    case "forget":
      return `/forget ${command.phone}${command.confirm ? " confirm" : ""}`;
  }
}
