// The settings of SPEC §13 as the autorun code uses them: parsed once from their stored spelling
// (setting-definitions.ts keeps only valid values, so a parse here cannot fail; a default stands in).
import type { InboxSettings } from "../commands/setting-definitions.js";
import { parseDuration } from "./durations.js";
import { ALWAYS, type Hours, parseHours } from "./hours.js";

export type AutoAssignMode = "round_robin" | "balanced";

export type AutorunConfig = {
  autoAssign: AutoAssignMode | null;
  /** null: no limit. */
  maxOpen: number | null;
  followUpMs: number | null;
  windowWarningMs: number | null;
  hours: Hours;
  timezone: string;
  awayMessage: string | null;
};

const durationOrNull = (value: string): number | null => {
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.ms : null;
};

export function autorunConfig(s: InboxSettings): AutorunConfig {
  const hours = parseHours(s.hours);
  return {
    autoAssign: s.autoAssign === "off" ? null : s.autoAssign,
    maxOpen: s.maxOpen === "none" ? null : Number(s.maxOpen),
    followUpMs: s.followUp === "off" ? null : durationOrNull(s.followUp),
    windowWarningMs: s.windowWarning === "off" ? null : durationOrNull(s.windowWarning),
    hours: hours.ok ? hours.hours : ALWAYS,
    timezone: s.timezone,
    awayMessage: s.awayMessage === "off" ? null : s.awayMessage,
  };
}
