// Meta's webhook JSON → the normalized updates of updates.ts.
//
// normalizeWebhook is total: it never throws, for any JSON value. The raw body is already stored when it runs,
// so the worst outcome for a body we do not understand is an IgnoredChange that carries it for the log.
// Each entry, change and list element is handled on its own: one malformed element becomes one IgnoredChange
// and never hides its neighbours. Output order is the order of the body, after the reports of what was not
// read because the body went past a limit of body-limits.ts (first, so that a log reader meets them first).

import { cutDeeperThan, type ListName, MAX_RAW_DEPTH, ReadBudget } from "./body-limits.js";
import {
  describeIssues,
  describeThrown,
  ignored,
  present,
  toMetaError,
  toUnixMs,
} from "./normalize-common.js";
import { buildContactDirectory, type ContactDirectory, normalizeMessage } from "./normalize-message.js";
import type {
  DeliveryStatus,
  IgnoredChange,
  MetaError,
  StatusUpdate,
  SystemError,
  WebhookUpdate,
} from "./updates.js";
import {
  deliveryStatusSchema,
  type MessagesValue,
  messagesValueSchema,
  WHATSAPP_BUSINESS_ACCOUNT,
  webhookBodySchema,
  webhookChangeSchema,
  webhookEntrySchema,
  webhookMetadataSchema,
  webhookStatusSchema,
} from "./webhook-schema.js";

export function normalizeWebhook(body: unknown): WebhookUpdate[] {
  const updates: WebhookUpdate[] = [];
  const budget = new ReadBudget();
  guarded(updates, null, body, () => normalizeBody(body, updates, budget));
  const notRead = budget.report();
  return notRead.length === 0 ? updates : [...notRead, ...updates];
}

/**
 * Runs one step and turns anything it throws into an IgnoredChange. The schemas should make this unreachable;
 * it is the backstop that keeps normalizeWebhook total if they ever do not.
 */
function guarded(updates: WebhookUpdate[], phoneNumberId: string | null, raw: unknown, step: () => void) {
  try {
    step();
  } catch (error) {
    updates.push(ignored(phoneNumberId, `normalizer error: ${describeThrown(error)}`, raw));
  }
}

function normalizeBody(body: unknown, updates: WebhookUpdate[], budget: ReadBudget): void {
  const parsed = webhookBodySchema.safeParse(body);
  if (!parsed.success) {
    updates.push(ignored(null, `not a webhook body: ${describeIssues(parsed.error)}`, body));
    return;
  }
  // Absent `object` is tolerated; a different one (page, instagram…) is another product's webhook.
  const object = parsed.data.object;
  if (object !== undefined && object !== null && object !== WHATSAPP_BUSINESS_ACCOUNT) {
    updates.push(ignored(null, `webhook object "${object}" is not ${WHATSAPP_BUSINESS_ACCOUNT}`, body));
    return;
  }
  for (const entry of budget.take("entry", parsed.data.entry)) {
    guarded(updates, null, entry, () => normalizeEntry(entry, updates, budget));
  }
}

function normalizeEntry(rawEntry: unknown, updates: WebhookUpdate[], budget: ReadBudget): void {
  const entry = webhookEntrySchema.safeParse(rawEntry);
  if (!entry.success) {
    updates.push(ignored(null, `malformed entry: ${describeIssues(entry.error)}`, rawEntry));
    return;
  }
  for (const change of budget.take("changes", entry.data.changes)) {
    guarded(updates, null, change, () => normalizeChange(change, updates, budget));
  }
}

function normalizeChange(rawChange: unknown, updates: WebhookUpdate[], budget: ReadBudget): void {
  const change = webhookChangeSchema.safeParse(rawChange);
  if (!change.success) {
    updates.push(ignored(null, `malformed change: ${describeIssues(change.error)}`, rawChange));
    return;
  }
  if (change.data.field !== "messages") {
    const phoneNumberId = phoneNumberIdOf(change.data.value);
    updates.push(ignored(phoneNumberId, `webhook field "${change.data.field}" is not handled`, rawChange));
    return;
  }
  const value = messagesValueSchema.safeParse(change.data.value);
  if (!value.success) {
    updates.push(ignored(null, `malformed messages value: ${describeIssues(value.error)}`, rawChange));
    return;
  }

  const phoneNumberId = value.data.metadata.phone_number_id;
  const before = updates.length;
  normalizeValue(value.data, phoneNumberId, updates, budget);
  if (updates.length === before) {
    // Nothing to act on, but the change is still reported so that it shows in the log.
    updates.push(ignored(phoneNumberId, "messages change without messages, statuses or errors", rawChange));
  }
}

function normalizeValue(
  value: MessagesValue,
  phoneNumberId: string,
  updates: WebhookUpdate[],
  budget: ReadBudget,
): void {
  const each = (name: ListName, list: unknown, normalizeElement: (raw: unknown) => void) =>
    forEachElement(list, name, phoneNumberId, updates, budget, normalizeElement);
  // Built lazily: status-only and error-only changes do not need it.
  let contacts: ContactDirectory | null = null;
  each("messages", value.messages, (element) => {
    contacts ??= buildContactDirectory(value.contacts, budget);
    // The copy stored with the message must serialise (JSON.stringify recurses): nothing Meta sends is
    // nested this deep, and the schemas never look that far, so only the stored copy changes.
    const { value: raw, cut } = cutDeeperThan(element);
    updates.push(normalizeMessage(raw, phoneNumberId, contacts));
    if (cut > 0) updates.push(deepPartsCut(raw, cut, phoneNumberId));
  });
  each("statuses", value.statuses, (raw) => updates.push(normalizeStatus(raw, phoneNumberId, budget)));
  each("errors", value.errors, (raw) => updates.push(normalizeError(raw, phoneNumberId)));
}

function forEachElement(
  list: unknown,
  name: ListName,
  phoneNumberId: string,
  updates: WebhookUpdate[],
  budget: ReadBudget,
  normalizeElement: (raw: unknown) => void,
): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    updates.push(ignored(phoneNumberId, `value.${name} is not an array`, list));
    return;
  }
  for (const raw of budget.take(name, list)) {
    guarded(updates, phoneNumberId, raw, () => normalizeElement(raw));
  }
}

function deepPartsCut(raw: unknown, cut: number, phoneNumberId: string): IgnoredChange {
  const id = typeof raw === "object" && raw !== null && "id" in raw ? raw.id : null;
  const which = typeof id === "string" ? `message ${id}` : "a message";
  const values = cut === 1 ? "1 value" : `${cut} values`;
  return ignored(
    phoneNumberId,
    `${which}: ${values} nested deeper than ${MAX_RAW_DEPTH} levels not kept with the message (the body in raw_events has them)`,
    null,
  );
}

function normalizeStatus(
  raw: unknown,
  phoneNumberId: string,
  budget: ReadBudget,
): StatusUpdate | IgnoredChange {
  const parsed = webhookStatusSchema.safeParse(raw);
  if (!parsed.success) {
    return ignored(phoneNumberId, `malformed status: ${describeIssues(parsed.error)}`, raw);
  }
  const known = deliveryStatusSchema.safeParse(parsed.data.status);
  if (!known.success) return ignored(phoneNumberId, `unknown status "${parsed.data.status}"`, raw);
  const status: DeliveryStatus = known.data;
  return {
    kind: "status",
    phoneNumberId,
    id: parsed.data.id,
    status,
    timestamp: toUnixMs(parsed.data.timestamp),
    recipientId: present(parsed.data.recipient_id),
    recipientParticipantId: present(parsed.data.recipient_participant_id),
    bizOpaqueCallbackData: present(parsed.data.biz_opaque_callback_data),
    // An error object without a usable code is dropped here; it stays in `raw`, and the status itself
    // (usually "failed") is what the Inbox acts on.
    errors: budget
      .take("errors", parsed.data.errors ?? [])
      .map(toMetaError)
      .filter((error): error is MetaError => error !== null),
    raw,
  };
}

function normalizeError(raw: unknown, phoneNumberId: string): SystemError | IgnoredChange {
  const error = toMetaError(raw);
  if (error === null) return ignored(phoneNumberId, "malformed value.errors element", raw);
  return { kind: "error", phoneNumberId, error, raw };
}

function phoneNumberIdOf(value: unknown): string | null {
  const parsed = webhookMetadataSchema.safeParse(
    typeof value === "object" && value !== null && "metadata" in value ? value.metadata : undefined,
  );
  return parsed.success ? parsed.data.phone_number_id : null;
}
