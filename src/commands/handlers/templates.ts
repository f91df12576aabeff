// /templates, and what /template learns from the same list (SPEC §4). The list is read from Meta by the
// outbox (outbox/template-refresh.ts), never here: a handler runs inside the staff message's transaction,
// where no network call may happen (DESIGN invariant 2). So a handler only reads the cached list, asks
// for it to be read again when it is missing or old, and, when someone asks /templates with no fresh list
// to show, answers "the list follows" and leaves a waiter that the refresh answers.
import { formatAge, MINUTE_MS } from "../../domain/window.js";
import { enqueueToGroup, enqueueToStaff } from "../../outbox/enqueue.js";
import type { AnswerTemplateWaiters } from "../../outbox/template-refresh.js";
import { hot } from "../../store/hot-queries.js";
import {
  addTemplateWaiter,
  readTemplateList,
  requestTemplateRefresh,
  type TemplateList,
  takeTemplateWaiters,
  templateListIsStale,
} from "../../store/template-list.js";
import type { ApprovedTemplate } from "../../whatsapp/templates.js";
import type { CommandContext, HandlerMap } from "../context.js";
import { checkTemplateCall, type TemplateCall, type TemplateCheck } from "../template-check.js";

/** Names per page of /templates: with a header and a footer, one phone screen. */
export const TEMPLATES_PAGE_SIZE = 10;
/**
 * A refusal from a list older than this also has the list read again: a template approved (or edited)
 * a moment ago is then known a minute later, without waiting for the list to be an hour old.
 */
export const TEMPLATE_RECHECK_MS = 5 * MINUTE_MS;

export const NO_BUSINESS_ACCOUNT =
  "The template list needs WHATSAPP_BUSINESS_ACCOUNT_ID (the WhatsApp Business Account id, from WhatsApp Manager) in the bot's configuration. Until it is set, /template sends any name and WhatsApp decides.";
export const LIST_FOLLOWS = "Reading the approved templates from WhatsApp; the list follows in a moment.";

export const TEMPLATES_HANDLERS: Pick<HandlerMap, "templates"> = {
  templates: (ctx, { page }) => {
    if (!ctx.options.businessAccountId) return { answer: NO_BUSINESS_ACCOUNT, conversationId: null };
    const list = readTemplateList(ctx.tx);
    if (!templateListIsStale(list, ctx.now)) {
      return { answer: templatesPage(list, page, ctx.now), conversationId: null };
    }
    requestTemplateRefresh(ctx.tx, { now: ctx.now, asked: true });
    const groupId = ctx.channel.kind === "group" ? ctx.channel.groupId : null;
    addTemplateWaiter(ctx.tx, { staffId: ctx.actor.id, groupId, page, now: ctx.now });
    return { answer: LIST_FOLLOWS, conversationId: null };
  },
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** "1 parameter", "no parameters", "2 parameters: order_id | date", plus a media header's note. */
function needs(t: ApprovedTemplate): string {
  const n = t.parameters.length;
  const count = n === 0 ? "no parameters" : plural(n, "parameter");
  const names = t.named && n > 0 ? `: ${t.parameters.join(" | ")}` : "";
  const media = t.mediaHeader === null ? "" : ` · ${t.mediaHeader} header, not sendable from chat`;
  return `${count}${names}${media}`;
}

/** One line per name; languages that need the same parameters share a segment: "en_US, es · 1 parameter". */
function templateLine(name: string, versions: readonly ApprovedTemplate[]): string {
  const groups = new Map<string, string[]>();
  for (const t of versions) {
    const key = needs(t);
    groups.set(key, [...(groups.get(key) ?? []), t.language]);
  }
  return [name, ...[...groups].map(([need, languages]) => `${languages.join(", ")} · ${need}`)].join(" · ");
}

function byName(templates: readonly ApprovedTemplate[]): Map<string, ApprovedTemplate[]> {
  const names = new Map<string, ApprovedTemplate[]>();
  for (const t of templates) names.set(t.name, [...(names.get(t.name) ?? []), t]);
  return names;
}

function readAgo(fetchedAt: number | null, now: number): string {
  if (fetchedAt === null) return "never read";
  const age = formatAge(now - fetchedAt);
  return age === "now" ? "read just now" : `read ${age} ago`;
}

/** A page of /templates: approved names with their languages and parameters, and how to send one. */
export function templatesPage(list: TemplateList, page: number, now: number): string {
  const names = [...byName(list.templates)];
  const read = readAgo(list.fetchedAt, now);
  if (names.length === 0) {
    return `No approved templates in the WhatsApp Business Account (${read}). Templates are created and approved in WhatsApp Manager.`;
  }
  const pages = Math.ceil(names.length / TEMPLATES_PAGE_SIZE);
  if (page > pages) {
    const which = pages === 1 ? "1 page" : `${pages} pages`;
    return `Page ${page} is past the end: the template list has ${which}. Send /templates${pages === 1 ? "" : ` ${pages}`} for the last one.`;
  }
  const shown = names.slice((page - 1) * TEMPLATES_PAGE_SIZE, page * TEMPLATES_PAGE_SIZE);
  const more = list.complete ? "" : ", and more than one listing reads";
  const title = `Approved templates (${plural(names.length, "name")}${more}) · ${read}`;
  const lines = [title, ...shown.map(([name, versions]) => templateLine(name, versions))];
  if (pages > 1)
    lines.push(`Page ${page} of ${pages}${page < pages ? ` · /templates ${page + 1} for more` : ""}`);
  lines.push("Send one: /template #N <name> [language] [param | param…]");
  return lines.join("\n");
}

/** The answer for someone who waited for the list: the list, or why it could not be read. */
function waitedAnswer(outcome: Parameters<AnswerTemplateWaiters>[1], page: number, now: number): string {
  if (outcome.ok) return templatesPage(outcome.list, page, now);
  return `Could not read the approved templates from WhatsApp: ${outcome.reason}. /template still sends, unchecked: WhatsApp decides.`;
}

/**
 * Wired into the template refresh (runtime/build-inbox.ts): runs in its transaction, after the list was
 * stored (or its failure recorded), and answers everyone waiting through the outbox. A failure still
 * shows the list known before, if there is one.
 */
export const answerTemplateWaiters: AnswerTemplateWaiters = (tx, outcome, now) => {
  const waiters = takeTemplateWaiters(tx);
  const known = outcome.ok ? null : readTemplateList(tx);
  let answered = 0;
  for (const waiter of waiters) {
    let text = waitedAnswer(outcome, waiter.page, now);
    if (known !== null && known.fetchedAt !== null) text += `\n\n${templatesPage(known, waiter.page, now)}`;
    if (waiter.groupId !== null) {
      enqueueToGroup(tx, { now, groupId: waiter.groupId, text, conversationId: null });
      answered += 1;
      continue;
    }
    const person = hot(tx).staffById.get({ id: waiter.staffId });
    if (!person?.active) continue;
    enqueueToStaff(tx, {
      now,
      staff: person,
      text,
      conversationId: null,
      purpose: "answer",
      notifyTemplate: null,
    });
    answered += 1;
  }
  return answered;
};

/** What /template sends: checked against the list, or unchecked when there is no list to check against. */
export type TemplatePlan =
  | { ok: true; template: ApprovedTemplate | null; language: string }
  | { ok: false; refusal: string };

/**
 * Checks a /template call against the cached list. With no WHATSAPP_BUSINESS_ACCOUNT_ID, or a list never
 * read, it is sent as typed (language "en" when none is given) and Meta decides, as before there was a
 * list; a list never read is asked for, so the next call is checked. Writes only the refresh request,
 * which must outlive a refusal: so a refusal is returned, not thrown (a Refusal rolls back the savepoint).
 */
export function planTemplateSend(
  ctx: CommandContext,
  conversationId: number,
  call: TemplateCall,
): TemplatePlan {
  const unchecked = { ok: true, template: null, language: call.language ?? "en" } as const;
  if (!ctx.options.businessAccountId) return unchecked;
  const list = readTemplateList(ctx.tx);
  const stale = templateListIsStale(list, ctx.now);
  if (stale) requestTemplateRefresh(ctx.tx, { now: ctx.now });
  if (list.fetchedAt === null) return unchecked;
  const check = checkTemplateCall(list.templates, call);
  if (check.ok) return { ok: true, template: check.template, language: check.template.language };
  let refusal = `#${conversationId} not sent: ${templateProblem(check, conversationId, call)}`;
  const age = ctx.now - list.fetchedAt;
  if (age >= TEMPLATE_RECHECK_MS) {
    requestTemplateRefresh(ctx.tx, { now: ctx.now, asked: true });
    refusal += ` (The list is from ${formatAge(age)} ago and is being read again: if the template changed since, try again in a minute.)`;
  }
  return { ok: false, refusal };
}

function languagesOf(approved: readonly ApprovedTemplate[]): string {
  const codes = approved.map((t) => t.language);
  return codes.length <= 1
    ? (codes[0] ?? "")
    : `${codes.slice(0, -1).join(", ")} and ${codes[codes.length - 1]}`;
}

/** `/template #4 order_update en_US <1> | <2>` with the template's own parameter names when it has them. */
function example(conversationId: number, t: ApprovedTemplate): string {
  const params = t.parameters.map((p, i) => (t.named ? `<${p}>` : `<${i + 1}>`)).join(" | ");
  return `/template #${conversationId} ${t.name} ${t.language}${params === "" ? "" : ` ${params}`}`;
}

function templateProblem(
  check: Exclude<TemplateCheck, { ok: true }>,
  conversationId: number,
  call: TemplateCall,
): string {
  switch (check.problem) {
    case "unknown_name": {
      const near = check.near.length === 0 ? "" : ` Did you mean ${check.near.join(", ")}?`;
      return `there is no approved template "${call.name}".${near} /templates lists them.`;
    }
    case "unknown_language": {
      const [first] = check.approved;
      const send = first === undefined ? "" : ` Send ${example(conversationId, first)}`;
      return `${call.name} is approved in ${languagesOf(check.approved)}, not in ${call.language}.${send}`;
    }
    case "which_language": {
      const [first] = check.approved;
      const send = first === undefined ? "" : `, e.g. ${example(conversationId, first)}`;
      return `${call.name} is approved in ${languagesOf(check.approved)}: write the language after the name${send}`;
    }
    case "media_header": {
      const media = check.template.mediaHeader ?? "media";
      const article = /^[aeiou]/.test(media) ? "an" : "a";
      return `${check.template.name} has ${article} ${media} header, which /template cannot fill. /templates lists the others.`;
    }
    case "parameter_count": {
      const t = check.template;
      const takes = t.parameters.length === 0 ? "no parameters" : plural(t.parameters.length, "parameter");
      return `${t.name} (${t.language}) takes ${takes}, not ${check.given}. Send ${example(conversationId, t)}`;
    }
  }
}
