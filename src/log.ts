// Structured JSON logs, one object per line. Never log secrets or message text at info level.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
export type Logger = {
  debug: (msg: string, fields?: LogFields) => void;
  info: (msg: string, fields?: LogFields) => void;
  warn: (msg: string, fields?: LogFields) => void;
  error: (msg: string, fields?: LogFields) => void;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  const at =
    (lvl: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      if (ORDER[lvl] < ORDER[level]) return;
      write(`${JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Collects log lines in memory, for tests that assert what was (not) logged. */
export function memoryLogger(): Logger & {
  lines: Array<{ level: LogLevel; msg: string; fields?: LogFields }>;
} {
  const lines: Array<{ level: LogLevel; msg: string; fields?: LogFields }> = [];
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    lines.push({ level, msg, fields });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
