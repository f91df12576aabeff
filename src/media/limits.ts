// Meta's size limits per media type (SPEC §11), checked before anything is uploaded.

export const MEDIA_KINDS = ["image", "video", "audio", "document", "sticker"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export function isMediaKind(type: string): type is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(type);
}

const MB = 1024 * 1024;
const KB = 1024;

/** The most bytes Meta accepts for a kind; an animated sticker may be 500 KB, a still one 100 KB. */
export function sizeLimit(kind: MediaKind, animated: boolean): number {
  switch (kind) {
    case "image":
      return 5 * MB;
    case "video":
    case "audio":
      return 16 * MB;
    case "document":
      return 100 * MB;
    case "sticker":
      return animated ? 500 * KB : 100 * KB;
  }
}

/** "312 KB", "16 MB", "20.5 MB": sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < MB) return `${Math.max(1, Math.round(bytes / KB))} KB`;
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** Media kinds that take no caption at Meta: a one-line `#N · name` text goes before them (SPEC §17.1). */
export function takesCaption(kind: string): boolean {
  return kind === "image" || kind === "video" || kind === "document";
}
