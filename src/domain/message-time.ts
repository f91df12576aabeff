// When something happened, by one clock. A message's time is its own timestamp capped at the moment its
// webhook arrived (SPEC §3), and every "when" that a message causes is counted from it: the time stored
// with the message, the 24-hour window it opens (the customer's or a staff member's) and the activity
// the views sort by (SPEC §4: "last message either way, or last change").
//
// Why this clock and not the time the event is processed: Meta delivers late (a retried webhook can be
// minutes or hours old), and a stored event can wait for processing (a retry after a failure waits up to
// an hour). Only the sender's own timestamp puts two conversations in the order people actually wrote
// in; the window has to use it anyway, because that is how Meta times the window. The cap at arrival
// keeps a sender's fast clock from putting a message in the future.

/**
 * When a message was sent: its own timestamp, capped at the moment its webhook arrived. A missing or
 * corrupt timestamp (0, negative, NaN, ∞) counts as the arrival time.
 */
export function messageTime(timestamp: number, receivedAt: number): number {
  return Number.isFinite(timestamp) && timestamp > 0 ? Math.min(timestamp, receivedAt) : receivedAt;
}

/**
 * A conversation's last activity once something happened at `at` (a message's time; `current` is null
 * for a conversation that does not exist yet). Never backwards: a message sent earlier but delivered
 * later must not make a conversation look older than it is.
 */
export function activityAfter(current: number | null, at: number): number {
  return current === null ? at : Math.max(current, at);
}

/**
 * Since when a customer has waited for an answer once they write at `at` (`current` is null when nobody
 * was waiting). The oldest unanswered message counts: a message delivered late moves it back, a second
 * message never moves it forward. A staff answer (or a close) clears it, outside this function.
 */
export function awaitingAfter(current: number | null, at: number): number {
  return current === null ? at : Math.min(current, at);
}
