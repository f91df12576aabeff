// Español: lo que lee quien envió algo que no llegó al cliente, y las respuestas de /templates. `reason`
// son las palabras de Meta, tal como las escribe Meta.

type Failed = { tag: string; quoted: string };

export const esDelivery = {
  messageTag: () => "Mensaje",
  useTemplateFor: (p: { n: string | null }) =>
    p.n === null ? "Usa /template <nombre>." : `Usa /template ${p.n} <nombre> para escribirle primero.`,
  failedWindowBeforeSend: (p: Failed & { use: string }) =>
    `${p.tag} no enviado${p.quoted}: la ventana de 24 h se cerró antes de que saliera. ${p.use}`,
  failedWindowByMeta: (p: Failed & { use: string }) =>
    `${p.tag} no entregado${p.quoted}: la ventana de 24 h del cliente está cerrada (Meta 131047). ${p.use}`,
  failedGaveUp: (p: Failed & { attempts: number; reason: string }) =>
    `${p.tag} no entregado${p.quoted} tras ${p.attempts} intentos: ${p.reason}`,
  failedRejected: (p: Failed & { reason: string }) => `${p.tag} no entregado${p.quoted}: ${p.reason}`,
  failedTemplateRejected: (p: Failed & { reason: string }) =>
    `${p.tag} no entregado${p.quoted}: ${p.reason}. /templates muestra las aprobadas.`,

  templatesNeedAccount: () =>
    "Para ver las plantillas hace falta WHATSAPP_BUSINESS_ACCOUNT_ID (el id de la cuenta de WhatsApp Business, en WhatsApp Manager) en la configuración del bot. Mientras tanto, /template envía cualquier nombre y WhatsApp decide.",
  templatesListFollows: () => "Leyendo las plantillas aprobadas en WhatsApp; la lista llega en un momento.",
  templatesNone: (p: { read: string }) =>
    `No hay plantillas aprobadas en la cuenta de WhatsApp Business (${p.read}). Las plantillas se crean y se aprueban en WhatsApp Manager.`,
  templatesPastEnd: (p: { page: number; pages: number }) =>
    `La página ${p.page} no existe: la lista tiene ${p.pages === 1 ? "1 página" : `${p.pages} páginas`}. Envía /templates${p.pages === 1 ? "" : ` ${p.pages}`} para ver la última.`,
  templatesTitle: (p: { names: number; complete: boolean; read: string }) =>
    `Plantillas aprobadas (${p.names} nombre${p.names === 1 ? "" : "s"}${p.complete ? "" : ", y más de una lectura"}) · ${p.read}`,
  templatesPageOf: (p: { page: number; pages: number }) =>
    `Página ${p.page} de ${p.pages}${p.page < p.pages ? ` · /templates ${p.page + 1} para ver más` : ""}`,
  templatesSendOne: () => "Para enviar una: /template #N <nombre> [idioma] [parámetro | parámetro…]",
  templatesUnreadable: (p: { reason: string }) =>
    `No se pudieron leer las plantillas aprobadas en WhatsApp: ${p.reason}. /template sigue enviando sin comprobar: WhatsApp decide.`,
  templatesNeverRead: () => "sin leer todavía",
  templatesReadNow: () => "leída ahora mismo",
  templatesReadAgo: (p: { age: string }) => `leída hace ${p.age}`,
  templateParameters: (p: { count: number }) =>
    p.count === 0 ? "sin parámetros" : `${p.count} parámetro${p.count === 1 ? "" : "s"}`,
  templateMediaHeader: (p: { kind: string }) => `encabezado de ${p.kind}, no se puede enviar desde el chat`,
  templateNotSent: (p: { n: number; problem: string }) => `#${p.n} no enviado: ${p.problem}`,
  templateListRereading: (p: { age: string }) =>
    ` (La lista es de hace ${p.age} y se está leyendo de nuevo: si la plantilla cambió, vuelve a intentarlo en un minuto.)`,
  templateUnknownName: (p: { name: string; near: string | null }) =>
    `no hay ninguna plantilla aprobada "${p.name}".${p.near === null ? "" : ` ¿Querías decir ${p.near}?`} /templates las muestra.`,
  templateUnknownLanguage: (p: {
    name: string;
    languages: string;
    language: string;
    example: string | null;
  }) =>
    `${p.name} está aprobada en ${p.languages}, no en ${p.language}.${p.example === null ? "" : ` Envía ${p.example}`}`,
  templateWhichLanguage: (p: { name: string; languages: string; example: string | null }) =>
    `${p.name} está aprobada en ${p.languages}: escribe el idioma después del nombre${p.example === null ? "" : `, p. ej. ${p.example}`}`,
  templateHasMediaHeader: (p: { name: string; kind: string }) =>
    `${p.name} tiene un encabezado de ${p.kind}, que /template no puede rellenar. /templates muestra las demás.`,
  templateTakes: (p: { name: string; language: string; takes: string; given: number; example: string }) =>
    `${p.name} (${p.language}) lleva ${p.takes}, no ${p.given}. Envía ${p.example}`,
  /** "en, es and fr": `init` is every item but the last, already joined with ", ". */
  listAnd: (p: { init: string; last: string }) => `${p.init} y ${p.last}`,
};
