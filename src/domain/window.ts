// The 24-hour customer-service window (SPEC §3): arithmetic and wording only. Callers inject `now` from
// the Clock, so nothing here reads the time itself.
import type { Catalog } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import { messageTime } from "./message-time.js";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WINDOW_MS = DAY_MS;

export type WindowState = { open: true; msLeft: number } | { open: false; closedMsAgo: number | null };

/**
 * Open strictly before `expiresAt`: at the expiry instant itself Meta already refuses free-form text,
 * so the bot must not promise otherwise. `null` means the customer never wrote.
 */
export function windowState(expiresAt: number | null, now: number): WindowState {
  if (expiresAt === null || !Number.isFinite(expiresAt)) return { open: false, closedMsAgo: null };
  if (now < expiresAt) return { open: true, msLeft: expiresAt - now };
  return { open: false, closedMsAgo: now - expiresAt };
}

/**
 * When the window opened by an inbound message expires: 24 h after the message's time (message-time.ts),
 * its own timestamp capped at the moment the webhook arrived, so a sender's clock running fast cannot
 * stretch the window past what Meta allows.
 */
export function windowExpiry(inboundTimestamp: number, receivedAt: number): number {
  return messageTime(inboundTimestamp, receivedAt) + WINDOW_MS;
}

export function formatWindow(state: WindowState, t: Catalog = en): string {
  if (state.open) return t.windowOpen({ left: formatTimeLeft(state.msLeft) });
  if (state.closedMsAgo === null) return t.windowNever();
  const age = formatAge(state.closedMsAgo);
  return age === "now" ? t.windowClosedNow() : t.windowClosedAgo({ age });
}

/** Coarse age for lists and footers: "now", "4m", "5h", "3d". Rounds down, so it never overstates. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < MINUTE_MS) return "now";
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)}m`;
  if (ms < DAY_MS) return `${Math.floor(ms / HOUR_MS)}h`;
  return `${Math.floor(ms / DAY_MS)}d`;
}

/**
 * Time left is rounded down to the minute: telling someone they have 5 minutes when they have 4m59s is
 * how a reply lands in a closed window.
 */
export function formatTimeLeft(ms: number): string {
  if (!Number.isFinite(ms) || ms < MINUTE_MS) return "<1m";
  const totalMinutes = Math.floor(ms / MINUTE_MS);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`;
}
