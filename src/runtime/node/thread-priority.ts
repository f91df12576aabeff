// Lets a background thread yield the CPU to the thread that answers Meta. On Linux each thread has its
// own nice value, set through its thread id (found in /proc/thread-self); elsewhere this does nothing.
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** Raises the calling thread's nice value by `by` (at most to 19); returns the new value, or null. */
export function lowerThisThreadPriority(by: number): number | null {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    if (!Number.isInteger(tid) || tid <= 0) return null;
    const nice = Math.min(19, getPriority(tid) + by);
    setPriority(tid, nice);
    return nice;
  } catch {
    return null; // not Linux, or not permitted: the thread keeps the process's priority
  }
}
