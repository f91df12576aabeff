// How the Worker talks to an inbox object (inbox-object.ts): the paths and headers of its two requests,
// and the Worker's side of each. Kept apart from the object so the Worker's routing can be tested on
// Node without bundling the object's migrations.
import type { HealthReport } from "../../http/app.js";
import type { StoreResult } from "../../inbox/inbox.js";
import type { DurableObjectNamespace } from "./worker-env.js";

export const NUMBER_HEADER = "x-inbox-phone-number-id";
export const SHA_HEADER = "x-inbox-body-sha256";
export const EVENTS_PATH = "/events";
export const HEALTH_PATH = "/healthz";
/** The object is only reachable through its stub; the host part of these URLs is never resolved. */
const ORIGIN = "https://inbox-object";

/** The Worker's side of the store call: resolves once the object has stored the body durably. */
export async function storeInObject(
  namespace: DurableObjectNamespace,
  phoneNumberId: string,
  body: string,
  sha256: string,
): Promise<StoreResult> {
  const stub = namespace.get(namespace.idFromName(phoneNumberId));
  const response = await stub.fetch(`${ORIGIN}${EVENTS_PATH}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", [NUMBER_HEADER]: phoneNumberId, [SHA_HEADER]: sha256 },
  });
  if (response.status !== 200) throw new Error(`inbox ${phoneNumberId} answered ${response.status}`);
  const result = (await response.json()) as Partial<StoreResult>;
  if (typeof result.id !== "number" || typeof result.duplicate !== "boolean") {
    throw new Error(`inbox ${phoneNumberId} answered without a store result`);
  }
  return { id: result.id, duplicate: result.duplicate };
}

export async function healthOfObject(
  namespace: DurableObjectNamespace,
  phoneNumberId: string,
): Promise<HealthReport> {
  const stub = namespace.get(namespace.idFromName(phoneNumberId));
  const response = await stub.fetch(`${ORIGIN}${HEALTH_PATH}`, {
    headers: { [NUMBER_HEADER]: phoneNumberId },
  });
  if (response.status !== 200) throw new Error(`inbox ${phoneNumberId} answered ${response.status}`);
  return (await response.json()) as HealthReport;
}
