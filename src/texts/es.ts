// Spanish (neutral, for teams in Spain and Latin America; "tú"). Commands, #N, @handles and setting
// values stay as typed; placeholders are translated so the syntax reads naturally.

import type { Catalog } from "./catalog.js";
import { esAutorun } from "./es-autorun.js";
import { esDelivery } from "./es-delivery.js";
import { esForget } from "./es-forget.js";
import { esMedia } from "./es-media.js";
import { esParse } from "./es-parse.js";
import { esSettings } from "./es-settings.js";
import { esStats, esStatsHelpExamples, esStatsHelpTopics } from "./es-stats.js";
import { esTaps } from "./es-taps.js";

type N = { n: number };
type Team = { team: string };

export const es = {
  ...esStats,
  ...esParse,
  ...esDelivery,
  ...esForget,
  ...esTaps,
  ...esAutorun,
  ...esMedia,
  ...esSettings,
  notAllowed: (p: { why: string; next: string }) => `No permitido: ${p.why}. ${p.next}`.trimEnd(),
  askAdmin: () => "Pídeselo a un admin.",
  askTeamManager: (p: { team: string | null }) =>
    p.team === null
      ? "Pídeselo a un manager o a un admin."
      : `Pídeselo a un manager del equipo ${p.team} o a un admin.`,
  askItsTeamManager: () => "Pídeselo a un manager de su equipo o a un admin.",
  whySeeScope: () => "puedes ver New, las conversaciones de tus equipos y las tuyas",
  whyQueueMembers: (p: { team: string | null }) =>
    `solo los miembros de ${p.team === null ? "ese equipo" : `el equipo ${p.team}`} pueden tomar de su cola`,
  whyAgentAssignOthers: (p: { setting: string }) =>
    `los agentes solo pueden pasar sus propias conversaciones (${p.setting})`,
  whyAgentHandOver: (p: { setting: string }) => `los agentes no pueden pasar conversaciones (${p.setting})`,
  whyAgentTakeover: (p: { setting: string }) =>
    `los agentes no pueden quedarse con la conversación de otra persona (${p.setting})`,
  whyAgentClosedOwn: () =>
    "los agentes solo pueden reabrir sus propias conversaciones cerradas, o tomar una que no tenía responsable",
  whyAgentCloseOwn: () => "los agentes solo pueden cerrar sus propias conversaciones",
  whyManagerScope: () => "los managers solo pueden actuar sobre conversaciones en New o de sus equipos",
  whyManagerTarget: () => "los managers solo pueden asignar a sus equipos o a sus miembros",
  whyOwnerReplies: (p: { owner: string | null; quoted: boolean }) =>
    `${p.quoted ? "tu texto no se envió; " : ""}solo quien lleva la conversación responde al cliente${p.owner === null ? "" : ` (la lleva ${p.owner})`}`,
  takeItFirst: (p: { command: string }) => `Tómala primero con ${p.command}.`,
  whyAdminsManageStaff: () => "solo los admins gestionan el equipo y los roles",
  whyAdminsCreateTeams: () => "solo los admins crean equipos",
  whyManagersOwnTeams: () => "los managers solo pueden cambiar los miembros de sus propios equipos",
  whyAdminsChangeSettings: () => "solo los admins cambian la configuración",

  stateAlreadyYours: () => "Ya es tuya.",
  stateAlreadyTheirs: () => "Ya está asignada a esa persona.",
  stateAssigneeAway: () => "Esa persona está ausente y no recibe trabajo nuevo hasta que envíe /back.",
  stateAlreadyInQueue: () => "Ya está esperando en la cola de ese equipo.",
  stateClosed: () => "Está cerrada; reábrela primero con /reopen.",
  stateClosedNoReopen: () => "Está cerrada.",
  stateClosedWrite: (p: N) => `Está cerrada; reábrela con /reopen #${p.n} antes de escribir al cliente.`,
  stateNotAssigned: () => "No la lleva nadie, así que no hay nada que desasignar.",
  stateAlreadyClosed: () => "Ya está cerrada.",
  stateAlreadyOpen: () => "Ya está abierta.",

  plainTextHint: () =>
    "Los comandos empiezan con / (prueba /help). Para responder a un cliente: /reply #N <texto>, o responde a su mensaje reenviado.",
  quotedNoticeReply: (p: N) =>
    `#${p.n} tu texto no se envió: ese mensaje es un aviso. Para responder al cliente: /reply #${p.n} <texto>`,
  quotedNoticeTakeFirst: (p: N & { take: string }) =>
    `#${p.n} tu texto no se envió: ese mensaje es un aviso. Tómala con ${p.take} y luego /reply #${p.n} <texto>`,
  quotedNoticeOwned: (p: N & { owner: string }) =>
    `#${p.n} tu texto no se envió: ${p.owner} lleva esta conversación y es quien responde al cliente.`,
  quotedNoticeUnowned: (p: N) =>
    `#${p.n} tu texto no se envió: ese mensaje es un aviso y no puedes tomar esta conversación.`,
  quotedSeveral: (p: { list: string }) =>
    `Ese mensaje habla de ${p.list}. Responde a una con /reply #N <texto>.`,
  onlyTextRelayed: (p: N) => `#${p.n} Por ahora solo se puede enviar texto al cliente.`,
  commandFailed: (p: { command: string }) =>
    `Lo sentimos, /${p.command} falló por nuestra parte y no se cambió nada. Inténtalo de nuevo.`,
  notStaff: () => "No estás en la lista del equipo de este inbox, así que este grupo no es para ti.",

  whichConversation: () => "¿Qué conversación? Añade #N o responde a uno de sus mensajes.",
  noConversation: (p: N) => `No existe la conversación #${p.n}.`,
  noStaff: (p: { who: string }) => `No hay nadie del equipo con ${p.who}. Envía /staff para ver quién está.`,
  staffRemoved: (p: { who: string }) => `${p.who} ya no está en la lista del equipo.`,
  noTeam: (p: { name: string }) => `No existe el equipo "${p.name}". Envía /teams para ver los equipos.`,
  told: (p: { names: string }) => `Avisé a ${p.names}.`,
  toldNobody: () => "No avisé a nadie más.",
  staffGroup: () => "el grupo del equipo",

  placeNew: () => "New",
  placeQueue: (p: Team) => `la cola del equipo ${p.team}`,
  placeOwner: (p: { owner: string; team: string | null }) =>
    p.team === null ? p.owner : `${p.owner} (equipo ${p.team})`,
  you: () => "ti",

  assigned: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} asignada a ${p.where}. ${p.told} ${p.window}`,
  reopenedAssigned: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} reabierta y asignada a ${p.where}. ${p.told} ${p.window}`,
  movedToQueue: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} movida a ${p.where}. ${p.told} ${p.window}`,
  reopenedIntoQueue: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} reabierta en ${p.where}. ${p.told} ${p.window}`,
  alreadyYours: (p: N & { window: string }) => `#${p.n} ya es tuya. ${p.window}`,
  alreadyAssignedTo: (p: N & { who: string; window: string }) =>
    `#${p.n} ya está asignada a ${p.who}. ${p.window}`,
  alreadyInQueue: (p: N & Team & { window: string }) =>
    `#${p.n} ya está esperando en la cola del equipo ${p.team}. ${p.window}`,
  assigneeAway: (p: N & { who: string }) =>
    `#${p.n} no asignada: ${p.who} está ausente y no recibe trabajo nuevo hasta que envíe /back.`,
  raceLost: (p: N & { winner: string; next: string }) =>
    `#${p.n} la acaba de tomar ${p.winner}. No se cambió nada. ${p.next}`.trimEnd(),
  raceNextTakeOver: (p: N) => `Para quedártela, envía /assign me #${p.n} otra vez.`,
  raceNextShow: (p: N) => `/show #${p.n} para seguirla.`,
  unassigned: (p: N & { where: string; told: string }) =>
    `#${p.n} desasignada: vuelve a ${p.where}. ${p.told}`,
  closed: (p: N & { told: string }) => `#${p.n} cerrada. ${p.told}`,
  reopenedYours: (p: N & { told: string; window: string }) =>
    `#${p.n} reabierta: vuelve a ser tuya. ${p.told} ${p.window}`,
  reopenedBackWith: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} reabierta: vuelve con ${p.where}. ${p.told} ${p.window}`,
  changedMeanwhile: (p: N) =>
    `#${p.n} cambió mientras se ejecutaba tu comando; no se hizo nada. Envía /show #${p.n}.`,
  otherOpen: (p: N & { customer: string; open: number }) =>
    `#${p.n} no se puede reabrir: ${p.customer} ya tiene abierta la #${p.open}. Usa la #${p.open}.`,

  noticeAssignedToYou: (p: N & { by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reabierta y " : ""}asignada a ti por ${p.by}`,
  noticeMovedTo: (p: N & { to: string; by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reabierta y " : ""}movida a ${p.to} por ${p.by}`,
  noticeWaitingInQueue: (p: N & Team & { by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reabierta y " : ""}esperando en la cola del equipo ${p.team} (la envió ${p.by})`,
  noticeTakenBy: (p: N & { where: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reabierta y " : ""}la tomó ${p.where}`,
  noticeAssignedBy: (p: N & { where: string; by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reabierta y " : ""}asignada a ${p.where} por ${p.by}`,
  noticeUnassigned: (p: N & { by: string; where: string }) =>
    `#${p.n} desasignada por ${p.by}: vuelve a ${p.where}`,
  noticeBackInQueue: (p: N & { by: string; where: string }) =>
    `#${p.n} vuelve a ${p.where} (la desasignó ${p.by})`,
  noticeClosedBy: (p: N & { by: string; note: string | null }) =>
    `#${p.n} cerrada por ${p.by}${p.note === null ? "" : `: ${p.note}`}`,
  noticeReopenedYours: (p: N & { by: string }) => `#${p.n} reabierta por ${p.by}: vuelve a ser tuya`,
  noticeReopenedInto: (p: N & { by: string; where: string }) => `#${p.n} reabierta por ${p.by} en ${p.where}`,
  noticeShowClose: (p: N) => `/show #${p.n} para verla · /close #${p.n} cuando esté resuelta`,
  noticeTakeIt: (p: N) => `Responde /assign me #${p.n}`,
  lastMessage: (p: { snippet: string }) => `Último mensaje: ${p.snippet}`,
  reopenedMark: () => " (reabierta)",
  reopenedCustomerWrote: () => " (reabierta: el cliente volvió a escribir)",
  reopenedBackWithOwner: (p: N & { owner: string }) =>
    `#${p.n} reabierta: el cliente volvió a escribir; vuelve con ${p.owner}`,
  itsOwner: () => "quien la llevaba",
  notDeliveredWindow: (p: N) =>
    `#${p.n} no entregado: la ventana de 24 horas del cliente está cerrada (Meta 131047). Usa /template #${p.n} <nombre> para volver a escribirle.`,
  notDelivered: (p: { n: number | null; reason: string }) =>
    `${p.n === null ? "" : `#${p.n} `}no entregado: ${p.reason}`,
  noteFrom: (p: N & { by: string; text: string }) => `#${p.n} nota de ${p.by}:\n${p.text}`,

  noAddress: (p: N) => `#${p.n} no tiene dirección de WhatsApp del cliente.`,
  templateAdvice: (p: N) => `Usa /template #${p.n} <nombre> [idioma] [parámetros]`,
  tooLong: (p: N & { length: number; limit: number }) =>
    `#${p.n} no enviado: ${p.length} caracteres y WhatsApp admite ${p.limit}. Envíalo en partes.`,
  badTemplateParam: (p: N) =>
    `#${p.n} no enviado: un parámetro de plantilla no puede tener saltos de línea, tabuladores ni más de cuatro espacios seguidos.`,
  templateQueued: (p: N & { name: string; language: string; to: string; window: string; closed: boolean }) =>
    `#${p.n} plantilla ${p.name} (${p.language}) en cola para ${p.to} · ${p.window}${p.closed ? " · la ventana se reabre cuando el cliente responda" : ""}`,
  noteSaved: (p: N & { told: string }) => `#${p.n} nota guardada. ${p.told}`,

  windowOpen: (p: { left: string }) => `ventana abierta · quedan ${p.left}`,
  windowNever: () => "el cliente aún no ha escrito · solo plantillas",
  windowClosedNow: () => "ventana cerrada ahora mismo · solo plantillas",
  windowClosedAgo: (p: { age: string }) => `ventana cerrada hace ${p.age} · solo plantillas`,

  helpHeader: (p: { role: string }) => `Tus comandos (${p.role}):`,
  helpViews: () => "/new · /mine · /assigned · /closed · /queue <equipo>: listas",
  helpShow: () => "/show #N: una conversación, sus mensajes e historial",
  helpTake: () => "/assign me #N: tomarla (o cita su mensaje)",
  helpHandOver: () => "/assign @handle|team <nombre> #N · /unassign #N: pasarla",
  helpReply: () => "/reply #N <texto>: responder al cliente (o cita su mensaje)",
  helpTemplate: () => "/templates · /template #N <nombre> [idioma] [parámetros]: pasadas 24 h",
  helpCloseReopen: () => "/close #N [nota] · /reopen #N",
  helpNote: () => "/note #N <texto>: solo para el equipo",
  helpSelf: () => "/away · /back · /whoami · /staff · /teams · /settings",
  helpTeamsManager: () => "/team add|remove <equipo> @handle: miembros de tus equipos",
  helpTeamsAdmin: () => "/team create|add|remove <equipo> [@handle]: equipos",
  helpStaffAdmin: () => "/staff add <+teléfono> <handle> [rol] · /staff remove @handle · /role @handle <rol>",
  helpSetAdmin: () => "/set <clave> <valor>: cambiar un ajuste (/settings los muestra)",
  helpFooter: () => "/help <comando>: su sintaxis y un ejemplo",
  helpUnknown: (p: { topic: string }) => `No existe /${p.topic}. Envía /help para ver la lista.`,
  helpNotForYou: (p: { command: string; who: string }) =>
    `${p.command} es para ${p.who}. Envía /help para ver los tuyos.`,
  helpWhoAdmins: () => "admins",
  helpWhoManagers: () => "managers y admins",
  helpExample: (p: { example: string }) => `Ejemplo: ${p.example}`,
  helpTopics: {
    ...esStatsHelpTopics,
    help: "/help [comando]: tus comandos, o la sintaxis de uno",
    new: "/new [página]: conversaciones sin tomar, las que más esperan primero",
    mine: "/mine [página]: tus conversaciones abiertas",
    assigned: "/assigned [página] [@handle|team <nombre>]: conversaciones abiertas con responsable o equipo",
    closed: "/closed [página]: conversaciones cerradas",
    queue: "/queue <equipo> [página]: las conversaciones que esperan en la cola de un equipo",
    show: "/show [#N]: cliente, responsable, ventana, últimos mensajes, historial",
    assignMe: "/assign me [#N]: tomar una conversación (reabre una cerrada)",
    assignOther: "/assign @handle|+teléfono|team <nombre> [#N]: pasarla a alguien o a la cola de un equipo",
    assignPick: "/assign #N: elegir a quién en una lista",
    unassign: "/unassign [#N]: vuelve a la cola de su equipo, o a New",
    close: "/close [#N] [nota]: cerrarla; la nota queda en el historial",
    reopen: "/reopen [#N]: reabrirla para quien la llevaba",
    reply: "/reply [#N] <texto>: enviar texto al cliente (solo quien la lleva)",
    template: "/template [#N] <nombre> [idioma] [param|param…]: una plantilla aprobada",
    templates: "/templates [página]: las plantillas aprobadas, sus idiomas y parámetros",
    note: "/note [#N] <texto>: una nota interna para quien la lleva y el equipo",
    away: "/away: no te llegan conversaciones nuevas",
    back: "/back: vuelves a estar disponible",
    whoami: "/whoami: tu handle, rol, equipos y ventana",
    staffList: "/staff: quién está en el equipo",
    staffAdd: "/staff add <+teléfono> <handle> [agent|manager|admin]",
    staffRemove: "/staff remove @handle: sus conversaciones vuelven a las colas",
    role: "/role @handle agent|manager|admin",
    teams: "/teams: los equipos, sus colas y miembros",
    teamCreate: "/team create <nombre>",
    teamMembers: "/team add|remove <nombre> @handle",
    settings: "/settings: la configuración del inbox y qué significa",
    set: "/set <clave> <valor>",
    forget:
      "/forget +teléfono y luego /forget +teléfono confirm antes de 10 minutos: borra el nombre, los mensajes y el número de un cliente",
  },
  helpExamples: {
    ...esStatsHelpExamples,
    help: "/help assign",
    new: "/new 2",
    mine: "/mine",
    assigned: "/assigned team ventas",
    closed: "/closed",
    queue: "/queue ventas",
    show: "/show #12",
    assignMe: "/assign me #12",
    assignOther: "/assign @maria #12",
    assignPick: "/assign #12",
    unassign: "/unassign #12",
    close: "/close #12 reembolso enviado",
    reopen: "/reopen #12",
    reply: "/reply #12 Tu pedido salió hoy.",
    template: "/template #12 order_update es 4411",
    templates: "/templates",
    note: "/note #12 cliente VIP",
    away: "/away",
    back: "/back",
    whoami: "/whoami",
    staffList: "/staff",
    staffAdd: "/staff add +5215512345678 maria agent",
    staffRemove: "/staff remove @maria",
    role: "/role @maria manager",
    teams: "/teams",
    teamCreate: "/team create ventas",
    teamMembers: "/team add ventas @maria",
    settings: "/settings",
    set: "/set language en",
    forget: "/forget +15557770001",
  },

  heldHeader: (p: { count: number }) => `Mientras no estabas (${p.count}):`,
  templateCut: () => "(continúa: escribe al bot para leer el resto)",
  heldMore: (p: { count: number }) => `+${p.count} más. Envía /mine o /new para ponerte al día.`,
  foldedMore: (p: { count: number }) =>
    `…y ${p.count} ${p.count === 1 ? "novedad más" : "novedades más"}, retenidas por el límite de WhatsApp de mensajes a una persona. /new y /mine muestran cómo está todo.`,

  part: (p: { i: number; of: number }) => ` (${p.i}/${p.of})`,

  roleName: (p: { role: string }) => (p.role === "agent" ? "agente" : p.role),
  roleWithArticle: (p: { role: string }) => (p.role === "agent" ? "agente" : p.role),
  staffHeader: (p: { count: number }) => `Equipo (${p.count}):`,
  staffNoPhone: () => "sin teléfono",
  staffTeams: (p: { names: string }) => `equipos ${p.names}`,
  staffNoTeams: () => "sin equipos",
  staffAway: () => "ausente",
  staffRemovedList: (p: { handles: string }) => `De baja: ${p.handles}`,
  staffAlreadyListed: (p: { phone: string; handle: string }) =>
    `${p.phone} ya está en el equipo como ${p.handle}.`,
  handleTaken: (p: { handle: string; holder: string | null; removed: boolean }) =>
    `${p.handle} ya lo usa ${p.holder ?? "otra persona del equipo"}${p.removed ? " (de baja; su historial conserva el handle)" : ""}. Elige otro handle.`,
  staffAdded: (p: { handle: string; role: string }) =>
    `Añadí a ${p.handle} (${p.role}). Pídele que envíe /help al bot para empezar.\nEl bot no puede escribirle hasta que escriba primero (su ventana de 24 h está cerrada). No avisé a nadie más.`,
  staffReadded: (p: { handle: string; role: string; formerly: string | null }) =>
    `Volví a añadir a ${p.handle} (${p.role})${p.formerly === null ? "" : `, antes ${p.formerly}`}; se conserva su historial.`,
  staffTeamsLine: (p: { names: string | null }) => `Equipos: ${p.names ?? "ninguno"}.`,
  staffWindowOpen: () => "Su ventana con el bot está abierta. No avisé a nadie más.",
  staffAskToWrite: () =>
    "Pídele que envíe /help al bot para empezar: el bot no puede escribirle hasta que escriba primero. No avisé a nadie más.",
  staffAlreadyRemoved: (p: { handle: string }) => `${p.handle} ya estaba de baja.`,
  staffRemovedDone: (p: { handle: string; role: string; self: boolean }) =>
    p.self
      ? `Te diste de baja (${p.role}) del equipo; se conserva tu historial.`
      : `Di de baja a ${p.handle} (${p.role}) del equipo; se conserva su historial.`,
  staffHadNone: (p: { self: boolean }) =>
    p.self ? "No tenías conversaciones abiertas." : "No tenía conversaciones abiertas.",
  staffHadMoved: (p: { self: boolean }) =>
    p.self
      ? "Tenías conversaciones abiertas, ahora movidas:"
      : "Tenía conversaciones abiertas, ahora movidas:",
  staffRemovedNotice: (p: { where: string; handle: string; by: string }) =>
    `Vuelve a ${p.where}: ${p.by} dio de baja a ${p.handle}.`,
  lastAdmin: (p: { handle: string }) =>
    `No permitido: ${p.handle} es el último admin activo. Añade otro admin primero.`,
  roleAlready: (p: { handle: string; role: string }) => `${p.handle} ya es ${p.role}. No se cambió nada.`,
  roleChangedNotice: (p: { role: string; was: string; by: string }) =>
    `Ahora eres ${p.role} (antes ${p.was}); lo cambió ${p.by}. Envía /help para ver tus comandos.`,
  roleChanged: (p: { handle: string; role: string; was: string; told: string }) =>
    `${p.handle} ahora es ${p.role} (antes ${p.was}). ${p.told}`,

  teamsNone: () => "Aún no hay equipos. Un admin crea uno con /team create <nombre>.",
  teamsHeader: (p: { count: number }) => `Equipos (${p.count}):`,
  teamLine: (p: { name: string; waiting: number; members: string | null }) =>
    `${p.name} · ${p.waiting} esperando en su cola · ${p.members === null ? "sin miembros" : `miembros ${p.members}`}`,
  teamExists: (p: { name: string }) => `El equipo ${p.name} ya existe. Envía /teams para ver los equipos.`,
  teamCreated: (p: { name: string }) =>
    `Creé el equipo ${p.name}. Añade miembros con /team add ${p.name} @handle. No avisé a nadie más.`,
  memberAlready: (p: { who: string | null; team: string }) =>
    `${p.who === null ? "Ya estás" : `${p.who} ya está`} en el equipo ${p.team}. No se cambió nada.`,
  memberNot: (p: { who: string | null; team: string }) =>
    `${p.who === null ? "No estás" : `${p.who} no está`} en el equipo ${p.team}. No se cambió nada.`,
  addedToTeamNotice: (p: { team: string; by: string }) =>
    `${p.by} te añadió al equipo ${p.team}. Envía /queue ${p.team} para ver su cola.`,
  removedFromTeamNotice: (p: { team: string; by: string }) =>
    `${p.by} te quitó del equipo ${p.team}. Tus conversaciones abiertas siguen siendo tuyas.`,
  memberAdded: (p: { who: string; team: string; told: string }) =>
    `Añadí a ${p.who} al equipo ${p.team}. ${p.told}`,
  memberRemoved: (p: { who: string; team: string; told: string }) =>
    `Quité a ${p.who} del equipo ${p.team}. ${p.told}`,

  whoamiYou: (p: { handle: string; role: string; phone: string | null }) =>
    `Eres ${p.handle} · ${p.role}${p.phone === null ? "" : ` · ${p.phone}`}`,
  whoamiTeams: (p: { names: string | null }) => `Equipos: ${p.names ?? "ninguno"}`,
  whoamiAway: () => "Ausente: no te llegan conversaciones nuevas. Envía /back para volver.",
  whoamiAvailable: () => "Disponible para conversaciones nuevas.",
  whoamiWindowOpen: (p: { left: string }) => `tu ventana con el bot está abierta · quedan ${p.left}`,
  whoamiWindowClosed: () => "tu ventana con el bot está cerrada",
  alreadyAway: () => "Ya estás ausente. Envía /back para volver.",
  alreadyAvailable: () => "Ya estás disponible.",
  nowAway: () =>
    "Estás ausente: no te llegan conversaciones nuevas y las que se reabran van a la cola de tu equipo. Tus conversaciones abiertas siguen siendo tuyas. Envía /back para volver.",
  nowBack: () => "De vuelta: ya te pueden llegar conversaciones nuevas.",

  settingsHeader: () => "Configuración:",
  settingsFooter: () => "Los admins cambian un ajuste con /set <clave> <valor>.",
  settingLine: (p: { key: string; value: string; fallback: string; meaning: string }) =>
    `${p.key} = ${p.value} (por defecto ${p.fallback}): ${p.meaning}`,
  noSetting: (p: { key: string; known: string }) =>
    `No existe el ajuste ${p.key}. Ajustes: ${p.known}. Envía /settings para ver qué significan.`,
  badSettingValue: (p: { key: string; typed: string; allowed: string; fallback: string }) =>
    `${p.key} no puede ser ${p.typed}. Valores: ${p.allowed} (por defecto ${p.fallback}).`,
  settingAlready: (p: { key: string; value: string }) => `${p.key} ya es ${p.value}. No se cambió nada.`,
  settingChanged: (p: { key: string; value: string; was: string; meaning: string }) =>
    `${p.key} ahora es ${p.value} (antes ${p.was}): ${p.meaning}. No avisé a nadie más.`,

  viewNew: () => "New",
  viewNewEmpty: () => "New está vacía. 🎉",
  viewMine: () => "Mías",
  viewMineEmpty: () => "No tienes conversaciones abiertas. Envía /new para ver quién espera.",
  viewQueue: (p: Team) => `Cola del equipo ${p.team}`,
  viewQueueEmpty: (p: Team) => `No hay conversaciones esperando en el equipo ${p.team}.`,
  viewClosed: (p: { all: boolean }) => (p.all ? "Cerradas" : "Cerradas (tus equipos y las tuyas)"),
  viewClosedEmpty: (p: { all: boolean }) =>
    p.all ? "Aún no hay conversaciones cerradas." : "No hay conversaciones cerradas en tus equipos ni tuyas.",
  viewAssigned: (p: { all: boolean }) => (p.all ? "Asignadas" : "Asignadas (tus equipos y las tuyas)"),
  viewAssignedEmpty: (p: { all: boolean }) =>
    p.all ? "No hay conversaciones asignadas." : "No hay conversaciones asignadas en tus equipos ni tuyas.",
  viewAssignedTo: (p: { who: string; inYourTeams: boolean }) =>
    `Asignadas a ${p.who}${p.inYourTeams ? " en tus equipos" : ""}`,
  viewAssignedToEmpty: (p: { who: string; inYourTeams: boolean }) =>
    `No hay conversaciones abiertas asignadas a ${p.who}${p.inYourTeams ? " en tus equipos" : ""}.`,
  viewAssignedTeam: (p: Team & { onlyYours: boolean }) =>
    `Asignadas${p.onlyYours ? " a ti" : ""} · equipo ${p.team}`,
  viewAssignedTeamEmpty: (p: Team & { onlyYours: boolean }) =>
    `No hay conversaciones asignadas${p.onlyYours ? " tuyas" : ""} en el equipo ${p.team}.`,
  viewCount: (p: { title: string; count: string; one: boolean }) =>
    `${p.title} · ${p.count} ${p.one ? "conversación" : "conversaciones"}`,
  viewPastEnd: (p: { page: number; title: string; pages: string; one: boolean; last: string }) =>
    `La página ${p.page} no existe: ${p.title} tiene ${p.one ? "1 página" : `${p.pages} páginas`}. Envía ${p.last} para ver la última.`,
  viewMore: (p: { page: number; pages: string; next: string }) =>
    `página ${p.page}/${p.pages} · ${p.next} para ver más`,
  viewPage: (p: { page: number; pages: string }) => `página ${p.page}/${p.pages}`,
  windowShortOpen: (p: { left: string }) => `abierta ${p.left}`,
  windowShortClosed: () => "cerrada",

  showOpen: () => "Abierta",
  showClosed: (p: { ago: string | null }) => (p.ago === null ? "Cerrada" : `Cerrada ${p.ago}`),
  showStatus: (p: { status: string; owner: string | null; team: string | null }) =>
    `${p.status} · responsable: ${p.owner ?? "nadie"} · equipo: ${p.team ?? "ninguno"}`,
  showRemoved: () => " (de baja)",
  showNoMessages: () => "Aún no hay mensajes.",
  showLastMessages: (p: { count: number }) => `Últimos ${p.count} mensajes:`,
  showMessages: () => "Mensajes:",
  showLastChanges: (p: { count: number }) => `Últimos ${p.count} cambios:`,
  showHistory: () => "Historial:",
  showBot: () => "bot",
  showFullHistory: (p: N & { entries: number }) =>
    `Historial completo: /show #${p.n} history (${p.entries} entradas)`,
  historyNone: () => "Aún no hay historial.",
  historyHeader: (p: { entries: number }) =>
    `Historial, ${p.entries} ${p.entries === 1 ? "entrada" : "entradas"}:`,
  historyPastEnd: (p: N & { page: number; pages: number; last: string }) =>
    `El historial de la #${p.n} tiene ${p.pages === 1 ? "1 página" : `${p.pages} páginas`}: la página ${p.page} no existe. Envía ${p.last} para ver la última.`,
  ageNow: () => "ahora",
  historyWas: (p: { from: string }) => `antes ${p.from}`,
  historyActions: {
    created: "creada",
    assigned: "asignada",
    unassigned: "desasignada",
    closed: "cerrada",
    reopened: "reabierta",
    replied: "respondida",
    template: "plantilla",
    note: "nota",
  },
  justNow: () => "ahora mismo",
  ago: (p: { age: string }) => `hace ${p.age}`,
  delivery: {
    pending: "enviando…",
    sent: "✓ enviado",
    delivered: "✓✓ entregado",
    read: "leído",
    played: "reproducido",
    failed: "falló",
  },
} satisfies Catalog;
