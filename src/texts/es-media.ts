// Textos sobre fotos, notas de voz y documentos (SPEC §11), incluidos en es.ts.
import type { enMedia } from "./en-media.js";

type N = { n: number };
type What = { what: string };

export const esMedia = {
  mediaKind: {
    image: "foto",
    video: "vídeo",
    audio: "audio",
    voice: "nota de voz",
    document: "documento",
    sticker: "sticker",
    location: "ubicación",
    contacts: "tarjeta de contacto",
  },
  mediaSizeOver: (p: { size: string }) => `más de ${p.size}`,
  mediaCount: (p: { kind: string; count: number }) => {
    const names: Record<string, [string, string]> = {
      image: ["foto", "fotos"],
      video: ["vídeo", "vídeos"],
      audio: ["audio", "audios"],
      voice: ["nota de voz", "notas de voz"],
      document: ["documento", "documentos"],
      sticker: ["sticker", "stickers"],
      location: ["ubicación", "ubicaciones"],
      contacts: ["tarjeta de contacto", "tarjetas de contacto"],
    };
    const [one, many] = names[p.kind] ?? ["archivo", "archivos"];
    return `+${p.count} ${p.count === 1 ? one : many}`;
  },
  mediaAlsoCame: (p: { list: string }) => `también envió: ${p.list}`,
  mediaGone: (p: N & What & { from: string }) =>
    `#${p.n} · ${p.what} de ${p.from}, ya no disponible en WhatsApp`,
  mediaTooBig: (p: N & What & { from: string; size: string; limit: string }) =>
    `#${p.n} · ${p.what} de ${p.from} no reenviado: ocupa ${p.size}, más del límite de WhatsApp de ${p.limit} para este tipo`,
  mediaReplyTooBig: (p: What & { size: string; limit: string }) =>
    `tu ${p.what} ocupa ${p.size}, más del límite de WhatsApp de ${p.limit} para este tipo`,
  mediaReplyGone: () => "WhatsApp ya no tiene tu archivo; vuelve a enviarlo",
  mediaChecksum: () => "el archivo llegó dañado (su suma de comprobación no coincide)",
  mediaHint: () =>
    "Para enviarlo a un cliente, cita su mensaje reenviado o empieza el pie de foto con /reply #N.",
  mediaReplyNeedsNumber: () =>
    "¿Qué conversación? Empieza el pie de foto con /reply #N o cita uno de sus mensajes.",
} satisfies { [K in keyof typeof enMedia]: unknown };
