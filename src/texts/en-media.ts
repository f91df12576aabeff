// Texts about photos, voice notes and documents (SPEC §11), spread into en.ts.

type N = { n: number };
type What = { what: string };

export const enMedia = {
  /** What a person calls each kind of media, used inside the texts below and by /show. */
  mediaKind: {
    image: "photo",
    video: "video",
    audio: "audio",
    voice: "voice note",
    document: "document",
    sticker: "sticker",
    location: "location",
    contacts: "contact card",
  },
  /** A size known only in part: the download was stopped once it passed the limit. */
  mediaSizeOver: (p: { size: string }) => `more than ${p.size}`,
  /** "+2 photos": what else came while a conversation waited in New (SPEC §17.2). */
  mediaCount: (p: { kind: string; count: number }) => {
    const names: Record<string, [string, string]> = {
      image: ["photo", "photos"],
      video: ["video", "videos"],
      audio: ["audio", "audios"],
      voice: ["voice note", "voice notes"],
      document: ["document", "documents"],
      sticker: ["sticker", "stickers"],
      location: ["location", "locations"],
      contacts: ["contact card", "contact cards"],
    };
    const [one, many] = names[p.kind] ?? ["file", "files"];
    return `+${p.count} ${p.count === 1 ? one : many}`;
  },
  mediaAlsoCame: (p: { list: string }) => `also sent: ${p.list}`,
  mediaGone: (p: N & What & { from: string }) =>
    `#${p.n} · ${p.what} from ${p.from}, no longer available from WhatsApp`,
  mediaTooBig: (p: N & What & { from: string; size: string; limit: string }) =>
    `#${p.n} · ${p.what} from ${p.from} not passed on: it is ${p.size}, over WhatsApp's ${p.limit} limit for a ${p.what}`,
  /** Why a staff member's media did not reach the customer (the failure notice's reason). */
  mediaReplyTooBig: (p: What & { size: string; limit: string }) =>
    `your ${p.what} is ${p.size}, over WhatsApp's ${p.limit} limit for a ${p.what}`,
  mediaReplyGone: () => "WhatsApp no longer has your file; send it again",
  mediaChecksum: () => "the file arrived damaged (its checksum did not match)",
  mediaHint: () =>
    "To send this to a customer, quote their forwarded message, or start the caption with /reply #N.",
  mediaReplyNeedsNumber: () => "Which conversation? Start the caption with /reply #N, or quote its message.",
};
