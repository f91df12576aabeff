// Spanish words of the inbox settings; same keys as en-settings.ts. Setting names, their values and
// commands stay as typed.
import type { enSettings } from "./en-settings.js";

type Words<T> = { readonly [K in keyof T]: string };

export const esSettings = {
  settingMeanings: {
    agent_reassign: "qué conversaciones pueden mover los agentes",
    language: "el idioma de los mensajes del bot al equipo",
    buttons: "botones de respuesta y listas en los chats privados",
    seen_signals: "los clientes ven su mensaje como leído cuando alguien toma la conversación o responde",
    auto_assign:
      "repartir las conversaciones de New y de las colas de equipo entre los agentes y managers disponibles",
    max_open:
      "la asignación automática nunca le da a una persona más conversaciones abiertas que este número",
    follow_up:
      "avisar al responsable que lleva este tiempo sin responder, y devolver la conversación tras el doble",
    window_warning:
      "avisar con esta antelación antes de que se cierre la ventana de 24 horas de un cliente sin respuesta",
    hours:
      "horario de atención: fuera de él, la asignación automática espera y el mensaje de ausencia responde",
    timezone: "la zona horaria de hours y de los días de /stats",
    away_message: "se envía una sola vez al cliente que escribe fuera del horario de atención",
  },
  settingValueMeanings: {
    "agent_reassign.none": "los agentes se quedan con lo que toman de New o de las colas de sus equipos",
    "agent_reassign.own": "los agentes también pueden pasar las suyas",
    "agent_reassign.any": "los agentes también pueden quedarse con las de cualquiera, en cualquier equipo",
    "language.en": "English",
    "language.es": "español",
    "buttons.on": "los avisos llevan botones; /assign #N, una lista",
    "buttons.off": "texto con el comando que hay que escribir",
    "seen_signals.on": "marcar como leído (y «escribiendo…» cuando alguien la toma)",
    "seen_signals.off": "nunca marcar como leído",
    "auto_assign.off": "cada persona toma las conversaciones por su cuenta",
    "auto_assign.round_robin": "por turnos, en el orden en que cada persona entró en el equipo",
    "auto_assign.balanced": "a quien tenga menos conversaciones abiertas",
  },
  settingForms: {
    max_open: "un número (0 = la asignación automática no le da nada a nadie), o none",
    follow_up: "una duración (15m, 2h, 1h30m, 1d), u off",
    window_warning: "una duración (45m, 2h, 1h30m), u off",
    hours:
      "días y horas, p. ej. mon-fri 09:00-18:00, sat 10:00-14:00 (22:00-06:00 cruza la medianoche), o always",
    timezone: "una zona horaria IANA, p. ej. Europe/Madrid, America/Mexico_City, UTC",
    away_message: "el texto que se envía (el resto de la línea), u off",
  },
  settingExampleAwayMessage: () =>
    "/set away_message ¡Gracias por escribir! Respondemos de lunes a viernes, de 9 a 18 h.",
} satisfies {
  settingMeanings: Words<typeof enSettings.settingMeanings>;
  settingValueMeanings: Words<typeof enSettings.settingValueMeanings>;
  settingForms: Words<typeof enSettings.settingForms>;
  settingExampleAwayMessage: () => string;
};
