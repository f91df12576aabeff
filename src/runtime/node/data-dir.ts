// Before the bot opens anything: can it write to DATA_DIR? SQLite's own words for these cases ("unable
// to open database file", "disk I/O error") say neither where nor what to do, so the operator gets the
// path, the cause and the fix instead.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const FIX: Record<string, string> = {
  EROFS: "is on a read-only file system: mount it read-write, or set DATA_DIR to a writable directory",
  EACCES:
    "is not writable by this user (permission denied): fix its owner or mode, or set DATA_DIR elsewhere",
  EPERM:
    "is not writable by this user (operation not permitted): fix its owner or mode, or set DATA_DIR elsewhere",
  ENOTDIR: "is not a directory (a file is in the way): set DATA_DIR to a directory",
  EEXIST: "is not a directory (a file is in the way): set DATA_DIR to a directory",
  ENOSPC: "has no space left: free some, or set DATA_DIR to a disk with room",
};

/** Null when DATA_DIR (created if missing) and its database files can be written; else what to fix. */
export function dataDirProblem(dataDir: string): string | null {
  const dir = resolve(dataDir);
  let at = dir;
  try {
    // A missing DATA_DIR is created; where that cannot be, the nearest existing parent says why (mkdir
    // itself can answer ENOENT on a read-only file system).
    let parent = dir;
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    if (parent !== dir && statSync(parent).isDirectory()) accessSync(parent, constants.W_OK);
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) return `DATA_DIR ${dir} ${FIX.ENOTDIR}`;
    accessSync(dir, constants.W_OK);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".db")) continue;
      at = join(dir, name);
      accessSync(at, constants.R_OK | constants.W_OK);
    }
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const what = at === dir ? `DATA_DIR ${dir}` : `${at} (in DATA_DIR)`;
    return `${what} ${FIX[code] ?? `cannot be used (${error instanceof Error ? error.message : String(error)})`}`;
  }
}
