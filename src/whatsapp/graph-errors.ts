// What to do about a failed Graph API call, decided from Meta's error code first and the HTTP status only
// when there is no code (reference whatsapp-cloud-api.md §6.4, §10.6: "key retries on error.code").
// Pure: no I/O, so the table test below pins every listed code.

export type GraphOutcome = "retry" | "recipient_backoff" | "fail" | "stop";

export type GraphErrorInput = {
  httpStatus: number | null;
  code: number | null;
  networkError?: boolean;
  timedOut?: boolean;
};

export type GraphErrorClass = {
  outcome: GraphOutcome;
  /** Meta 131047: the customer's 24 h window is closed; only a template can reach them now. */
  windowClosed: boolean;
  reason: string;
};

/** Temporary on Meta's side: the same request may succeed later. */
const RETRY_CODES: ReadonlyMap<number, string> = new Map([
  [1, "invalid request or possible server error"],
  [2, "temporary downtime or overload"],
  [4, "app API call rate limit reached"],
  [80007, "WhatsApp Business Account rate limit reached"],
  [130429, "Cloud API throughput reached"],
  [131000, "unknown error on Meta's side"],
  [131016, "service temporarily unavailable"],
  [131057, "business account in maintenance mode"],
  [133004, "server temporarily unavailable"],
]);

/** The request itself is wrong or the recipient cannot be reached: resending the same thing cannot help. */
const FAIL_CODES: ReadonlyMap<number, string> = new Map([
  [100, "invalid or unsupported parameter"],
  [368, "account restricted for a policy violation"],
  [130403, "the business has blocked this user"],
  [131008, "required parameter missing"],
  [131009, "parameter value invalid"],
  [131021, "sender and recipient are the same number"],
  [131026, "message undeliverable to this number"],
  [131031, "business account locked"],
  [131048, "spam rate limit (quality restrictions)"],
  [131049, "not delivered to maintain healthy ecosystem engagement"],
  [131050, "the user stopped marketing messages"],
  [131051, "unsupported message type"],
  // Templates (reference §6.4): the call does not match what Meta approved. The inbox re-reads its
  // template list after any of the 132000 range (isTemplateError).
  [132000, "the number of template parameters does not match the template"],
  [132001, "the template does not exist in this language, or is not approved"],
  [132005, "the template's text is too long with these parameters"],
  [132007, "the template's parameters break its format character policy"],
  [132012, "a template parameter has the wrong format"],
  [132015, "the template is paused for low quality"],
  [132016, "the template is disabled for low quality"],
  [132018, "a template parameter has line breaks, tabs or more than four spaces in a row"],
]);

/** Every further send would fail the same way (token, permission, billing): stop and alert ops. */
const STOP_CODES: ReadonlyMap<number, string> = new Map([
  [0, "access token invalid or expired"],
  [3, "capability missing for this app"],
  [10, "permission denied"],
  [190, "access token expired"],
  [131005, "permission not granted or removed"],
  [131042, "payment method problem"],
]);

export const WINDOW_CLOSED_CODE = 131047;

/** Meta's 132000 range: the template sent is not one it approved as called (name, language, parameters). */
export function isTemplateError(code: number | null | undefined): boolean {
  return typeof code === "number" && code >= 132000 && code <= 132999;
}
export const PAIR_RATE_LIMIT_CODE = 131056;

/** What a known code means; null for a code no list knows. */
function fromCode(code: number): GraphErrorClass | null {
  const tag = `Meta ${code}`;
  if (code === WINDOW_CLOSED_CODE) {
    return { outcome: "fail", windowClosed: true, reason: `${tag}: the customer's 24-hour window is closed` };
  }
  if (code === PAIR_RATE_LIMIT_CODE) {
    return {
      outcome: "recipient_backoff",
      windowClosed: false,
      reason: `${tag}: too many messages to this recipient (pair rate limit)`,
    };
  }
  const retry = RETRY_CODES.get(code);
  if (retry !== undefined) return { outcome: "retry", windowClosed: false, reason: `${tag}: ${retry}` };
  const stop = STOP_CODES.get(code);
  if (stop !== undefined) return { outcome: "stop", windowClosed: false, reason: `${tag}: ${stop}` };
  if (code >= 200 && code <= 299) {
    return { outcome: "stop", windowClosed: false, reason: `${tag}: permission or asset access missing` };
  }
  const fail = FAIL_CODES.get(code);
  if (fail !== undefined) return { outcome: "fail", windowClosed: false, reason: `${tag}: ${fail}` };
  if (isTemplateError(code)) {
    return { outcome: "fail", windowClosed: false, reason: `${tag}: template problem` };
  }
  return null;
}

/** Unknown codes are not retried: a retry storm on a code we do not understand is worse than one failed
 * message that the requester is told about. */
const unrecognised = (code: number): GraphErrorClass => ({
  outcome: "fail",
  windowClosed: false,
  reason: `Meta ${code}: unrecognised error`,
});

function fromHttpStatus(httpStatus: number | null): GraphErrorClass {
  if (httpStatus === 429) return { outcome: "retry", windowClosed: false, reason: "HTTP 429: rate limited" };
  if (httpStatus !== null && httpStatus >= 500) {
    return { outcome: "retry", windowClosed: false, reason: `HTTP ${httpStatus}: server error` };
  }
  if (httpStatus === 401 || httpStatus === 403) {
    return { outcome: "stop", windowClosed: false, reason: `HTTP ${httpStatus}: not authorised` };
  }
  const status = httpStatus === null ? "no HTTP status" : `HTTP ${httpStatus}`;
  return { outcome: "fail", windowClosed: false, reason: `${status}: unexpected response` };
}

export function classifyGraphError(input: GraphErrorInput): GraphErrorClass {
  // A timeout is ambiguous (the request may have reached Meta), but there is no idempotency key, so the
  // choice is between a rare duplicate and a lost reply; a duplicate is the lesser harm (reliability §B2).
  if (input.timedOut === true) return { outcome: "retry", windowClosed: false, reason: "request timed out" };
  if (input.networkError === true) return { outcome: "retry", windowClosed: false, reason: "network error" };
  if (input.code === null) return fromHttpStatus(input.httpStatus);
  const known = fromCode(input.code);
  if (known !== null) return known;
  // A code we do not know on a 401/403 is still Meta refusing our credentials or permissions: every
  // further send would fail the same way, so stop and alert (reference: "401/403 → stop the relay").
  if (input.httpStatus === 401 || input.httpStatus === 403) {
    return {
      ...fromHttpStatus(input.httpStatus),
      reason: `Meta ${input.code} (HTTP ${input.httpStatus}): not authorised`,
    };
  }
  return unrecognised(input.code);
}
