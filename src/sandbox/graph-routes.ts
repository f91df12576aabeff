// The Graph API endpoints the bot calls (whatsapp/graph-client.ts), answering as Meta does: send a message
// (wamid back, statuses later by webhook), mark as read, media upload, media URL and media download, and
// the business account's template listing (a template send that matches none is refused as Meta does).
// Mounted under /graph on the sandbox server; the bot only sees GRAPH_API_URL pointing there.
import { type Context, Hono } from "hono";
import { readChoices } from "./choices.js";
import { graphErrorBody } from "./meta-shapes.js";
import type { MetaSimulator, OutboundMessage } from "./meta-simulator.js";
import {
  SANDBOX_TEMPLATES,
  type SandboxTemplate,
  templatePage,
  templateSendError,
} from "./meta-templates.js";

export type GraphRoutesOptions = {
  simulator: Pick<MetaSimulator, "acceptOutbound" | "markRead" | "media">;
  accessToken: string;
  phoneNumberId: string;
  /** Absolute base of these routes (e.g. http://127.0.0.1:3000/graph), for media URLs. */
  baseUrl: () => string;
  /** The WhatsApp Business Account whose templates GET message_templates lists. */
  businessAccountId?: string;
  templates?: readonly SandboxTemplate[];
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown, key: string): string | null {
  return isRecord(value) && typeof value[key] === "string" ? value[key] : null;
}

function badParameter(c: Context, details: string) {
  return c.json(graphErrorBody(100, "(#100) Invalid parameter", details), 400);
}

/** What the recipient's phone shows for a Graph message body: text, template, media caption… */
export function describeGraphMessage(
  body: Record<string, unknown>,
): { type: string; text: string; mediaId?: string | null } | null {
  const type = str(body, "type") ?? "text";
  const part = body[type];
  if (type === "text") {
    const text = str(part, "body");
    return text === null || text.trim() === "" ? null : { type, text };
  }
  if (type === "template") {
    const name = str(part, "name");
    if (name === null) return null;
    const language = str(isRecord(part) ? part.language : null, "code") ?? "?";
    const components = isRecord(part) && Array.isArray(part.components) ? part.components : [];
    const params = components.flatMap((c) =>
      isRecord(c) && Array.isArray(c.parameters) ? c.parameters.map((p) => str(p, "text") ?? "") : [],
    );
    // The approved template's own words live in WhatsApp Manager; the sandbox shows name and parameters.
    return {
      type,
      text: `📋 template ${name} (${language})${params.length ? `\n${params.join(" | ")}` : ""}`,
    };
  }
  if (type === "reaction") return { type, text: str(part, "emoji") ?? "" };
  if (type === "interactive")
    return { type, text: str(isRecord(part) ? part.body : null, "text") ?? "[menu]" };
  if (!isRecord(part)) return null;
  const caption = str(part, "caption") ?? str(part, "filename");
  return { type, text: caption === null ? `[${type}]` : `[${type}] ${caption}`, mediaId: str(part, "id") };
}

/** Meta's answer to a template send that matches no approved template; null when it matches one. */
function refuseTemplate(templates: readonly SandboxTemplate[], template: unknown) {
  if (!isRecord(template)) return null;
  const name = str(template, "name") ?? "";
  const language = str(template.language, "code") ?? "";
  const components = Array.isArray(template.components) ? template.components : [];
  const parameters = components.reduce(
    (n: number, c) => n + (isRecord(c) && Array.isArray(c.parameters) ? c.parameters.length : 0),
    0,
  );
  return templateSendError(templates, name, language, parameters);
}

export function graphRoutes(options: GraphRoutesOptions): Hono {
  const { simulator, accessToken, phoneNumberId } = options;
  const templates = options.templates ?? SANDBOX_TEMPLATES;
  const app = new Hono();

  app.use("*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${accessToken}`) {
      return c.json(graphErrorBody(190, "Invalid OAuth access token - Cannot parse access token"), 401);
    }
    await next();
  });

  const unknownNumber = (c: Context) =>
    c.json(
      graphErrorBody(
        100,
        `Unsupported post request. Object with ID '${c.req.param("phone")}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      ),
      400,
    );

  app.post("/:version/:phone/messages", async (c) => {
    if (c.req.param("phone") !== phoneNumberId) return unknownNumber(c);
    const body: unknown = await c.req.json().catch(() => null);
    if (!isRecord(body) || body.messaging_product !== "whatsapp") {
      return badParameter(c, "The parameter messaging_product is required and must be whatsapp.");
    }
    if (body.status === "read") {
      const wamid = str(body, "message_id");
      return wamid !== null && simulator.markRead(wamid)
        ? c.json({ success: true })
        : badParameter(c, "message_id is not a message this number received.");
    }
    if (body.recipient_type === "group") {
      return badParameter(c, "The sandbox has no groups: leave STAFF_GROUP_ID unset.");
    }
    const recipient = str(body, "to") ?? str(body, "recipient");
    if (recipient === null) return badParameter(c, "The parameter to is required.");
    const described = describeGraphMessage(body);
    if (described === null) return badParameter(c, "The message body is missing or empty.");
    if (described.type === "template") {
      const refused = refuseTemplate(templates, body.template);
      if (refused !== null)
        return c.json(
          graphErrorBody(refused.code, `(#${refused.code}) ${refused.title}`, refused.details),
          400,
        );
    }
    const outbound: OutboundMessage = {
      recipient: recipient.replace(/[^\dA-Za-z.]/g, ""),
      ...described,
      quotedWamid: str(body.context, "message_id"),
      bizOpaqueCallbackData: str(body, "biz_opaque_callback_data"),
      choices: readChoices(body),
    };
    const { wamid, waId } = simulator.acceptOutbound(outbound);
    return c.json({
      messaging_product: "whatsapp",
      contacts: [{ input: recipient, wa_id: waId }],
      messages: [described.type === "template" ? { id: wamid, message_status: "accepted" } : { id: wamid }],
    });
  });

  app.post("/:version/:phone/media", async (c) => {
    if (c.req.param("phone") !== phoneNumberId) return unknownNumber(c);
    const form = await c.req.parseBody().catch(() => null);
    const file = form?.file;
    if (!(file instanceof File)) return badParameter(c, "The parameter file is required.");
    const id = String(1_000_000_000_000_000 + simulator.media.size + 1);
    simulator.media.set(id, { bytes: new Uint8Array(await file.arrayBuffer()), mimeType: file.type });
    return c.json({ id });
  });

  app.get("/:version/:account/message_templates", (c) => {
    const account = c.req.param("account");
    if (account !== options.businessAccountId) {
      return c.json(
        graphErrorBody(
          100,
          `Unsupported get request. Object with ID '${account}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        ),
        400,
      );
    }
    const page = templatePage(
      templates,
      { limit: c.req.query("limit"), after: c.req.query("after") },
      (after) => {
        const next = new URL(c.req.url);
        next.searchParams.set("after", after);
        return `${options.baseUrl()}/${c.req.param("version")}/${account}/message_templates${next.search}`;
      },
    );
    return c.json(page);
  });

  // Three path segments, so it never collides with /:version/:mediaId below.
  app.get("/lookaside/attachments/:id", (c) => {
    const stored = simulator.media.get(c.req.param("id"));
    if (!stored) return c.json(graphErrorBody(100, "(#100) Invalid parameter", "Unknown media id."), 404);
    return c.body(new Uint8Array(stored.bytes), 200, { "content-type": stored.mimeType });
  });

  app.get("/:version/:mediaId", async (c) => {
    const id = c.req.param("mediaId");
    const stored = simulator.media.get(id);
    if (!stored) return c.json(graphErrorBody(100, "(#100) Invalid parameter", "Unknown media id."), 404);
    const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(stored.bytes));
    return c.json({
      messaging_product: "whatsapp",
      url: `${options.baseUrl()}/lookaside/attachments/${id}`,
      mime_type: stored.mimeType,
      sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
      file_size: stored.bytes.byteLength,
      id,
    });
  });

  app.notFound((c) => c.json(graphErrorBody(2500, "Unknown path components"), 400));
  return app;
}
