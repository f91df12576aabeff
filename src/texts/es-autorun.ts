// Spanish texts of the inbox running itself (SPEC §13); same keys and parameters as en-autorun.ts.
// Commands, setting names and values stay as typed.
import type { enAutorun } from "./en-autorun.js";

type N = { n: number };

export const esAutorun = {
  badFreeSetting: (p: { key: string; typed: string; why: string; example: string }) =>
    `${p.key} no puede ser ${p.typed}: ${p.why}. Ejemplo: ${p.example}`,
  problemNumber: () => "escribe un número entero, o none para no poner límite",
  problemDuration: () => "escribe una duración como 45m, 2h, 1h30m o 1d, u off",
  problemDurationZero: () => "una duración debe ser de más de 0 minutos; off la desactiva",
  problemDurationLong: () => "una duración puede ser de 30d como máximo",
  problemHoursEmpty: () => "escribe días y horas, o always",
  problemHoursItem: (p: { item: string }) =>
    `"${p.item}" no tiene la forma <días> <HH:MM>-<HH:MM> (separa los tramos con comas)`,
  problemHoursDay: (p: { token: string }) =>
    `"${p.token}" no es un día (mon, tue, wed, thu, fri, sat, sun; un rango es mon-fri)`,
  problemHoursTime: (p: { token: string }) =>
    `"${p.token}" no es una hora: escribe HH:MM en formato de 24 horas, p. ej. 09:00-18:00`,
  problemHoursSame: (p: { item: string }) => `"${p.item}" empieza y termina a la misma hora`,
  problemZone: () => "no es una zona horaria; escribe un nombre IANA como Europe/Madrid o America/Bogota",
  problemTextEmpty: () => "escribe el mensaje, u off",
  problemTextLong: (p: { limit: number }) => `el mensaje puede tener como máximo ${p.limit} caracteres`,
  settingChangedTo: (p: { key: string; value: string; was: string }) =>
    `${p.key} ahora es ${p.value} (antes ${p.was}). No avisé a nadie más.`,

  autoAssignedToYou: (p: N & { mode: string }) =>
    `#${p.n} te fue asignada por la asignación automática (${p.mode})`,

  followUpReminder: (p: N & { customer: string; waited: string }) =>
    `#${p.n} · ${p.customer} lleva ${p.waited} esperando respuesta · responde, o /unassign #${p.n}`,
  followUpBackOwner: (p: N & { customer: string; waited: string; place: string; setting: string }) =>
    `#${p.n} volvió a ${p.place}: ${p.customer} esperó ${p.waited} una respuesta (follow_up ${p.setting}).`,
  followUpBackManagers: (p: N & { customer: string; waited: string; place: string; owner: string }) =>
    `#${p.n} pasó de ${p.owner} a ${p.place}: ${p.customer} esperó ${p.waited} una respuesta. Tómala: /assign me #${p.n}`,
  followUpBackManagersHanded: (
    p: N & { customer: string; waited: string; place: string; owner: string; to: string },
  ) =>
    `#${p.n} pasó de ${p.owner} a ${p.place}: ${p.customer} esperó ${p.waited} una respuesta. La asignación automática se la dio a ${p.to}.`,
  followUpBackQueue: (p: N & { customer: string; place: string }) =>
    `#${p.n} · ${p.customer} volvió a ${p.place} y espera respuesta. Tómala: /assign me #${p.n}`,
  placeNewQueue: () => "New",
  placeTeamQueue: (p: { team: string }) => `la cola del equipo ${p.team}`,

  windowWarning: (p: N & { left: string; customer: string; since: string }) =>
    `#${p.n} · la ventana se cierra en ${p.left} · ${p.customer} espera desde las ${p.since}`,
} satisfies { [K in keyof typeof enAutorun]: (...args: Parameters<(typeof enAutorun)[K]>) => string };
