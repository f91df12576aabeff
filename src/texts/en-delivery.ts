// English: what a staff member reads when something they sent did not reach the customer (outbox/failure.ts)
// and what /templates answers (commands/handlers/templates.ts). `tag` is "#N" or "Message"; `quoted` is
// ` ("the start of the text")` or empty; `reason` is Meta's own words, left as Meta wrote them.

type Failed = { tag: string; quoted: string };

export const enDelivery = {
  messageTag: () => "Message",
  useTemplateFor: (p: { n: string | null }) =>
    p.n === null ? "Use /template <name>." : `Use /template ${p.n} <name> to write to them first.`,
  failedWindowBeforeSend: (p: Failed & { use: string }) =>
    `${p.tag} not sent${p.quoted}: the 24-hour window closed before it could go out. ${p.use}`,
  failedWindowByMeta: (p: Failed & { use: string }) =>
    `${p.tag} not delivered${p.quoted}: the customer's 24-hour window is closed (Meta 131047). ${p.use}`,
  failedGaveUp: (p: Failed & { attempts: number; reason: string }) =>
    `${p.tag} not delivered${p.quoted} after ${p.attempts} attempts: ${p.reason}`,
  failedRejected: (p: Failed & { reason: string }) => `${p.tag} not delivered${p.quoted}: ${p.reason}`,
  failedTemplateRejected: (p: Failed & { reason: string }) =>
    `${p.tag} not delivered${p.quoted}: ${p.reason}. /templates lists the approved ones.`,

  templatesNeedAccount: () =>
    "The template list needs WHATSAPP_BUSINESS_ACCOUNT_ID (the WhatsApp Business Account id, from WhatsApp Manager) in the bot's configuration. Until it is set, /template sends any name and WhatsApp decides.",
  templatesListFollows: () => "Reading the approved templates from WhatsApp; the list follows in a moment.",
  templatesNone: (p: { read: string }) =>
    `No approved templates in the WhatsApp Business Account (${p.read}). Templates are created and approved in WhatsApp Manager.`,
  templatesPastEnd: (p: { page: number; pages: number }) =>
    `Page ${p.page} is past the end: the template list has ${p.pages === 1 ? "1 page" : `${p.pages} pages`}. Send /templates${p.pages === 1 ? "" : ` ${p.pages}`} for the last one.`,
  templatesTitle: (p: { names: number; complete: boolean; read: string }) =>
    `Approved templates (${p.names} name${p.names === 1 ? "" : "s"}${p.complete ? "" : ", and more than one listing reads"}) · ${p.read}`,
  templatesPageOf: (p: { page: number; pages: number }) =>
    `Page ${p.page} of ${p.pages}${p.page < p.pages ? ` · /templates ${p.page + 1} for more` : ""}`,
  templatesSendOne: () => "Send one: /template #N <name> [language] [param | param…]",
  templatesUnreadable: (p: { reason: string }) =>
    `Could not read the approved templates from WhatsApp: ${p.reason}. /template still sends, unchecked: WhatsApp decides.`,
  templatesNeverRead: () => "never read",
  templatesReadNow: () => "read just now",
  templatesReadAgo: (p: { age: string }) => `read ${p.age} ago`,
  templateParameters: (p: { count: number }) =>
    p.count === 0 ? "no parameters" : `${p.count} parameter${p.count === 1 ? "" : "s"}`,
  templateMediaHeader: (p: { kind: string }) => `${p.kind} header, not sendable from chat`,
  templateNotSent: (p: { n: number; problem: string }) => `#${p.n} not sent: ${p.problem}`,
  templateListRereading: (p: { age: string }) =>
    ` (The list is from ${p.age} ago and is being read again: if the template changed since, try again in a minute.)`,
  templateUnknownName: (p: { name: string; near: string | null }) =>
    `there is no approved template "${p.name}".${p.near === null ? "" : ` Did you mean ${p.near}?`} /templates lists them.`,
  templateUnknownLanguage: (p: {
    name: string;
    languages: string;
    language: string;
    example: string | null;
  }) =>
    `${p.name} is approved in ${p.languages}, not in ${p.language}.${p.example === null ? "" : ` Send ${p.example}`}`,
  templateWhichLanguage: (p: { name: string; languages: string; example: string | null }) =>
    `${p.name} is approved in ${p.languages}: write the language after the name${p.example === null ? "" : `, e.g. ${p.example}`}`,
  templateHasMediaHeader: (p: { name: string; kind: string }) =>
    `${p.name} has ${/^[aeiou]/.test(p.kind) ? "an" : "a"} ${p.kind} header, which /template cannot fill. /templates lists the others.`,
  templateTakes: (p: { name: string; language: string; takes: string; given: number; example: string }) =>
    `${p.name} (${p.language}) takes ${p.takes}, not ${p.given}. Send ${p.example}`,
  /** "en, es and fr": `init` is every item but the last, already joined with ", ". */
  listAnd: (p: { init: string; last: string }) => `${p.init} and ${p.last}`,
};
