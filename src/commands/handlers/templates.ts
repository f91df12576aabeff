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
import type { Catalog } from "../../texts/catalog.js";
import { inboxTexts } from "../../texts/stored-language.js";
import type { ApprovedTemplate } from "../../whatsapp/templates.js";
import type { CommandContext, HandlerMap } from "../context.js";
import { textsOf } from "../lookup.js";
import { checkTemplateCall, type TemplateCall, type TemplateCheck } from "../template-check.js";

/** Names per page of /templates: with a header and a footer, one phone screen. */
export const TEMPLATES_PAGE_SIZE = 10;
/**
 * A refusal from a list older than this also has the list read again: a template approved (or edited)
 * a moment ago is then known a minute later, without waiting for the list to be an hour old.
 */
export const TEMPLATE_RECHECK_MS = 5 * MINUTE_MS;

export const TEMPLATES_HANDLERS: Pick<HandlerMap, "templates"> = {
  templates: (ctx, { page }) => {
    const t = textsOf(ctx);
    if (!ctx.options.businessAccountId) return { answer: t.templatesNeedAccount(), conversationId: null };
    const list = readTemplateList(ctx.tx);
    if (!templateListIsStale(list, ctx.now)) {
      return { answer: templatesPage(t, list, page, ctx.now), conversationId: null };
    }
    requestTemplateRefresh(ctx.tx, { now: ctx.now, asked: true });
    const groupId = ctx.channel.kind === "group" ? ctx.channel.groupId : null;
    addTemplateWaiter(ctx.tx, { staffId: ctx.actor.id, groupId, page, now: ctx.now });
    return { answer: t.templatesListFollows(), conversationId: null };
  },
};

/** "1 parameter", "no parameters", "2 parameters: order_id | date", plus a media header's note. */
function needs(texts: Catalog, t: ApprovedTemplate): string {
  const n = t.parameters.length;
  const count = texts.templateParameters({ count: n });
  const names = t.named && n > 0 ? `: ${t.parameters.join(" | ")}` : "";
  const media = t.mediaHeader === null ? "" : ` · ${texts.templateMediaHeader({ kind: t.mediaHeader })}`;
  return `${count}${names}${media}`;
}

/** One line per name; languages that need the same parameters share a segment: "en_US, es · 1 parameter". */
function templateLine(texts: Catalog, name: string, versions: readonly ApprovedTemplate[]): string {
  const groups = new Map<string, string[]>();
  for (const t of versions) {
    const key = needs(texts, t);
    groups.set(key, [...(groups.get(key) ?? []), t.language]);
  }
  return [name, ...[...groups].map(([need, languages]) => `${languages.join(", ")} · ${need}`)].join(" · ");
}

function byName(templates: readonly ApprovedTemplate[]): Map<string, ApprovedTemplate[]> {
  const names = new Map<string, ApprovedTemplate[]>();
  for (const t of templates) names.set(t.name, [...(names.get(t.name) ?? []), t]);
  return names;
}

function readAgo(t: Catalog, fetchedAt: number | null, now: number): string {
  if (fetchedAt === null) return t.templatesNeverRead();
  const age = formatAge(now - fetchedAt);
  return age === "now" ? t.templatesReadNow() : t.templatesReadAgo({ age });
}

/** A page of /templates: approved names with their languages and parameters, and how to send one. */
export function templatesPage(t: Catalog, list: TemplateList, page: number, now: number): string {
  const names = [...byName(list.templates)];
  const read = readAgo(t, list.fetchedAt, now);
  if (names.length === 0) return t.templatesNone({ read });
  const pages = Math.ceil(names.length / TEMPLATES_PAGE_SIZE);
  if (page > pages) return t.templatesPastEnd({ page, pages });
  const shown = names.slice((page - 1) * TEMPLATES_PAGE_SIZE, page * TEMPLATES_PAGE_SIZE);
  const title = t.templatesTitle({ names: names.length, complete: list.complete, read });
  const lines = [title, ...shown.map(([name, versions]) => templateLine(t, name, versions))];
  if (pages > 1) lines.push(t.templatesPageOf({ page, pages }));
  lines.push(t.templatesSendOne());
  return lines.join("\n");
}

/** The answer for someone who waited for the list: the list, or why it could not be read. */
function waitedAnswer(
  t: Catalog,
  outcome: Parameters<AnswerTemplateWaiters>[1],
  page: number,
  now: number,
): string {
  if (outcome.ok) return templatesPage(t, outcome.list, page, now);
  return t.templatesUnreadable({ reason: outcome.reason });
}

/**
 * Wired into the template refresh (runtime/build-inbox.ts): runs in its transaction, after the list was
 * stored (or its failure recorded), and answers everyone waiting through the outbox. A failure still
 * shows the list known before, if there is one.
 */
export const answerTemplateWaiters: AnswerTemplateWaiters = (tx, outcome, now) => {
  const waiters = takeTemplateWaiters(tx);
  const known = outcome.ok ? null : readTemplateList(tx);
  const t = inboxTexts(tx);
  let answered = 0;
  for (const waiter of waiters) {
    let text = waitedAnswer(t, outcome, waiter.page, now);
    if (known !== null && known.fetchedAt !== null)
      text += `\n\n${templatesPage(t, known, waiter.page, now)}`;
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
  const t = textsOf(ctx);
  let refusal = t.templateNotSent({
    n: conversationId,
    problem: templateProblem(t, check, conversationId, call),
  });
  const age = ctx.now - list.fetchedAt;
  if (age >= TEMPLATE_RECHECK_MS) {
    requestTemplateRefresh(ctx.tx, { now: ctx.now, asked: true });
    refusal += t.templateListRereading({ age: formatAge(age) });
  }
  return { ok: false, refusal };
}

function languagesOf(t: Catalog, approved: readonly ApprovedTemplate[]): string {
  const codes = approved.map((template) => template.language);
  const last = codes.at(-1) ?? "";
  return codes.length <= 1 ? last : t.listAnd({ init: codes.slice(0, -1).join(", "), last });
}

/** `/template #4 order_update en_US <1> | <2>` with the template's own parameter names when it has them. */
function example(conversationId: number, t: ApprovedTemplate): string {
  const params = t.parameters.map((p, i) => (t.named ? `<${p}>` : `<${i + 1}>`)).join(" | ");
  return `/template #${conversationId} ${t.name} ${t.language}${params === "" ? "" : ` ${params}`}`;
}

function templateProblem(
  t: Catalog,
  check: Exclude<TemplateCheck, { ok: true }>,
  conversationId: number,
  call: TemplateCall,
): string {
  const exampleOf = (template: ApprovedTemplate | undefined) =>
    template === undefined ? null : example(conversationId, template);
  switch (check.problem) {
    case "unknown_name":
      return t.templateUnknownName({
        name: call.name,
        near: check.near.length === 0 ? null : check.near.join(", "),
      });
    case "unknown_language":
      return t.templateUnknownLanguage({
        name: call.name,
        languages: languagesOf(t, check.approved),
        language: call.language ?? "",
        example: exampleOf(check.approved[0]),
      });
    case "which_language":
      return t.templateWhichLanguage({
        name: call.name,
        languages: languagesOf(t, check.approved),
        example: exampleOf(check.approved[0]),
      });
    case "media_header":
      return t.templateHasMediaHeader({
        name: check.template.name,
        kind: check.template.mediaHeader ?? "media",
      });
    case "parameter_count": {
      const template = check.template;
      return t.templateTakes({
        name: template.name,
        language: template.language,
        takes: t.templateParameters({ count: template.parameters.length }),
        given: check.given,
        example: example(conversationId, template),
      });
    }
  }
}
