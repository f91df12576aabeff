// The sandbox business's message templates, as Meta's `GET /{WABA_ID}/message_templates` lists them:
// the ones the README tour and `npm run demo` send (order_update, pickup_reminder), the staff notice of
// STAFF_NOTIFY_TEMPLATE (inbox_notice), and a few more so /templates has something to show: a second
// language, named parameters, a text header with a parameter, an image header, one awaiting review and
// one rejected (both left out by the bot, as only APPROVED ones can be sent).

export type SandboxTemplate = {
  id: string;
  name: string;
  language: string;
  status: "APPROVED" | "PENDING" | "REJECTED" | "PAUSED";
  category: "UTILITY" | "MARKETING";
  parameter_format: "POSITIONAL" | "NAMED";
  components: Array<Record<string, unknown>>;
};

const body = (text: string) => ({ type: "BODY", text });

export const SANDBOX_TEMPLATES: readonly SandboxTemplate[] = [
  {
    id: "900000000000001",
    name: "order_update",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [body("Your order {{1}} has been updated. Reply to this message if you have questions.")],
  },
  {
    id: "900000000000002",
    name: "order_update",
    language: "es",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [body("Tu pedido {{1}} se ha actualizado. Responde a este mensaje si tienes preguntas.")],
  },
  {
    id: "900000000000003",
    name: "pickup_reminder",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [body("Your order {{1}} is ready for pickup. Reply here if someone else will collect it.")],
  },
  {
    id: "900000000000004",
    name: "inbox_notice",
    language: "en",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [body("Inbox: {{1}}")],
  },
  {
    id: "900000000000005",
    name: "appointment_reminder",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "NAMED",
    components: [
      {
        type: "BODY",
        text: "Hi {{customer_name}}, this is a reminder of your appointment on {{date}}.",
        example: {
          body_text_named_params: [
            { param_name: "customer_name", example: "Sheena" },
            { param_name: "date", example: "Friday at 10 am" },
          ],
        },
      },
    ],
  },
  {
    id: "900000000000006",
    name: "delivery_window",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [
      { type: "HEADER", format: "TEXT", text: "Delivery for {{1}}" },
      body("Your parcel arrives on {{1}} between {{2}}. Reply here to change it."),
    ],
  },
  {
    id: "900000000000007",
    name: "hello_world",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [
      { type: "HEADER", format: "TEXT", text: "Hello World" },
      body("Welcome and congratulations!! This message demonstrates your ability to send a message."),
    ],
  },
  {
    id: "900000000000008",
    name: "new_arrivals",
    language: "en_US",
    status: "APPROVED",
    category: "MARKETING",
    parameter_format: "POSITIONAL",
    components: [
      { type: "HEADER", format: "IMAGE", example: { header_handle: ["https://example.invalid/new.jpg"] } },
      body("New this week, {{1}}: have a look!"),
    ],
  },
  {
    id: "900000000000009",
    name: "summer_sale",
    language: "en_US",
    status: "PENDING",
    category: "MARKETING",
    parameter_format: "POSITIONAL",
    components: [body("Hi {{1}}, our summer sale starts {{2}}!")],
  },
  {
    id: "900000000000010",
    name: "win_back",
    language: "en_US",
    status: "REJECTED",
    category: "MARKETING",
    parameter_format: "POSITIONAL",
    components: [body("We miss you, {{1}}!")],
  },
];

/** Meta's default page size for the listing, and the most a `limit` may ask for here. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

/**
 * One page of the listing, paged as Graph pages: `after` is an opaque cursor (here the index, base64),
 * and `paging.next` is present only when there is more. `nextUrl` builds the next page's address.
 */
export function templatePage(
  templates: readonly SandboxTemplate[],
  query: { limit: string | undefined; after: string | undefined },
  nextUrl: (after: string) => string,
): Record<string, unknown> {
  const asked = Number(query.limit ?? DEFAULT_LIMIT);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_LIMIT) : DEFAULT_LIMIT;
  let decoded = 0;
  try {
    decoded = query.after === undefined ? 0 : Number(atob(query.after));
  } catch {
    // A cursor this listing did not make: read from the start.
  }
  const start = Number.isInteger(decoded) && decoded > 0 ? decoded : 0;
  const data = templates.slice(start, start + limit);
  // Unpadded, like Graph's cursors ("MgZDZD"); atob reads it back without the padding.
  const cursor = (index: number) => btoa(String(index)).replace(/=+$/, "");
  const end = start + data.length;
  return {
    data,
    paging: {
      cursors: { before: cursor(start), after: cursor(end) },
      ...(end < templates.length ? { next: nextUrl(cursor(end)) } : {}),
    },
  };
}

/**
 * What Meta answers a template send that does not match an approved template: 132001 when the name is
 * not approved in that language, 132000 when the number of parameters differs. Null: it matches.
 */
export function templateSendError(
  templates: readonly SandboxTemplate[],
  name: string,
  language: string,
  parameters: number,
): { code: number; title: string; details: string } | null {
  const found = templates.find((t) => t.name === name && t.language === language && t.status === "APPROVED");
  if (found === undefined) {
    return {
      code: 132001,
      title: "Template name does not exist in the translation",
      details: `template name (${name}) does not exist in ${language}`,
    };
  }
  const expected = found.components
    .filter((c) => c.type === "BODY" || (c.type === "HEADER" && c.format === "TEXT"))
    .reduce((n, c) => n + new Set(String(c.text ?? "").match(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/g) ?? []).size, 0);
  if (expected === parameters) return null;
  return {
    code: 132000,
    title: "Number of parameters does not match the expected number of params",
    details: `body: number of localizable_params (${parameters}) does not match the expected number of params (${expected})`,
  };
}
