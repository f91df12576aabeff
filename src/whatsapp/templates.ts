// Reading Meta's template listing (`GET /{WABA_ID}/message_templates`): one page of it into the approved
// templates and what a send of each needs. Pure: the Graph client fetches, this file only reads JSON.
//
// What a send needs, from the template's own text: a TEXT header and the body hold its parameters as
// `{{1}}`, `{{2}}`… (parameter_format POSITIONAL, the default) or as `{{order_id}}` (NAMED, sent with
// `parameter_name`). A media header (IMAGE, VIDEO, DOCUMENT, LOCATION) needs a media parameter, which a
// chat command cannot give. Button parameters (a URL button's `{{1}}`) are not counted.

/** An approved template, as /templates lists it and /template checks a send against it. */
export type ApprovedTemplate = {
  name: string;
  /** Meta's code, exactly as approved: "en", "en_US", "pt_BR". */
  language: string;
  /**
   * The parameters in the order a send fills them: the header's, then the body's. "1", "2"… for
   * positional templates, the names for named ones.
   */
  parameters: string[];
  /** How many of `parameters` belong to the header (0 or 1 in practice). */
  headerParameters: number;
  /** NAMED templates take `parameter_name` on each parameter. */
  named: boolean;
  /** "image", "video", "document" or "location" for a media header; null for none or a text header. */
  mediaHeader: string | null;
};

export type TemplatePage = {
  templates: ApprovedTemplate[];
  /** Entries left out: not APPROVED (pending, rejected, paused, disabled…), or without a name or language. */
  skipped: number;
  /** The cursor of the next page; null on the last one. */
  after: string | null;
};

/** `{{1}}`, `{{ 2 }}`, `{{order_id}}`. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function upper(value: unknown): string {
  return typeof value === "string" ? value.toUpperCase() : "";
}

/** The distinct placeholders of a text, positional ones in number order, named ones as they appear. */
export function placeholdersOf(text: string): string[] {
  const seen: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !seen.includes(name)) seen.push(name);
  }
  return seen.every((name) => /^\d+$/.test(name)) ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** One entry of `data`, or null when it is not an approved template with a name and a language. */
export function readTemplate(entry: unknown): ApprovedTemplate | null {
  if (!isRecord(entry) || upper(entry.status) !== "APPROVED") return null;
  const { name, language } = entry;
  if (typeof name !== "string" || name === "" || typeof language !== "string" || language === "") return null;
  const components = Array.isArray(entry.components) ? entry.components.filter(isRecord) : [];
  const header = components.find((c) => upper(c.type) === "HEADER");
  const body = components.find((c) => upper(c.type) === "BODY");
  const headerFormat = header === undefined ? "" : upper(header.format);
  const textOf = (c: Record<string, unknown> | undefined) => (typeof c?.text === "string" ? c.text : "");
  const headerParameters = headerFormat === "TEXT" ? placeholdersOf(textOf(header)) : [];
  const bodyParameters = placeholdersOf(textOf(body));
  const parameters = [...headerParameters, ...bodyParameters];
  const named = upper(entry.parameter_format) === "NAMED" || parameters.some((p) => !/^\d+$/.test(p));
  const media = ["IMAGE", "VIDEO", "DOCUMENT", "LOCATION"].includes(headerFormat);
  return {
    name,
    language,
    parameters,
    headerParameters: headerParameters.length,
    named,
    mediaHeader: media ? headerFormat.toLowerCase() : null,
  };
}

/**
 * One page of the listing; null when the body is not one (no `data` list). Meta's `paging.next` says
 * whether there is more; the next page is asked for with `paging.cursors.after` (or the `after` of the
 * `next` URL) on our own GRAPH_API_URL, so the token never goes to a host the response names.
 */
export function readTemplatePage(json: unknown): TemplatePage | null {
  if (!isRecord(json) || !Array.isArray(json.data)) return null;
  const templates: ApprovedTemplate[] = [];
  let skipped = 0;
  for (const entry of json.data) {
    const template = readTemplate(entry);
    if (template === null) skipped += 1;
    else templates.push(template);
  }
  return { templates, skipped, after: nextCursor(json.paging) };
}

function nextCursor(paging: unknown): string | null {
  if (!isRecord(paging) || typeof paging.next !== "string" || paging.next === "") return null;
  const cursors = paging.cursors;
  if (isRecord(cursors) && typeof cursors.after === "string" && cursors.after !== "") return cursors.after;
  try {
    return new URL(paging.next).searchParams.get("after");
  } catch {
    return null;
  }
}
