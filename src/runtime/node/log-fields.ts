import type { Logger } from "../../log.js";

/** Adds fields to every line, so the lines of several numbers can be told apart. */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const at =
    (write: Logger["info"]): Logger["info"] =>
    (msg, more) =>
      write(msg, { ...fields, ...more });
  return { debug: at(log.debug), info: at(log.info), warn: at(log.warn), error: at(log.error) };
}
