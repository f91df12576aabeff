// Textos en español de los atajos de un toque (SPEC §12). Mismas claves que en-taps.ts.
import type { enTaps } from "./en-taps.js";

type N = { n: number };

export const esTaps = {
  tapTake: (p: N) => `Tomar #${p.n}`,
  tapShow: (p: N) => `Ver #${p.n}`,
  tapClose: (p: N) => `Cerrar #${p.n}`,
  pickBody: (p: N & { page: number; pages: number }) =>
    `#${p.n} · ¿quién debe llevarla?${p.pages > 1 ? ` (${p.page}/${p.pages})` : ""}`,
  pickButton: () => "Elegir",
  pickSection: () => "Asignar a",
  pickMe: () => "yo",
  pickMeDescription: () => "tomarla tú",
  pickTeamDescription: () => "la cola del equipo",
  pickMore: () => "Más…",
  pickMoreDescription: (p: { count: number }) => `${p.count} opciones más`,
  pickText: (p: N & { lines: string }) => `#${p.n} · ¿quién debe llevarla? Envía una de estas:\n${p.lines}`,
  pickNobody: (p: N) =>
    `#${p.n} · ahora no hay nadie a quien puedas asignarla (el personal ausente no recibe trabajo nuevo).`,
  pickPastEnd: (p: N) => `#${p.n} · esa lista ha cambiado. Envía /assign #${p.n} para ver la actual.`,
  reactionNoConversation: () =>
    "Ese mensaje no es de ninguna conversación: reacciona con 👍 o ✅ a un mensaje sobre #N.",
  reactionSeveral: (p: { list: string }) =>
    `Ese mensaje trata de ${p.list}: envía /assign me #N o /close #N para una de ellas.`,
  tapUnknown: () => "Ese botón no lo envió el bot. Escribe el comando; /help los muestra.",
} satisfies { [K in keyof typeof enTaps]: unknown };
