// The one-line preview of a message used in views and notifications.
const MAX = 60;

export function messageSnippet(type: string, subtype: string | null, text: string | null): string {
  const label = type === "unsupported" && subtype ? subtype : type;
  const body = (text ?? "").replace(/\s+/g, " ").trim();
  const clipped = body.length > MAX ? `${body.slice(0, MAX - 1)}…` : body;
  if (type === "text") return clipped;
  return clipped ? `[${label}] ${clipped}` : `[${label}]`;
}
