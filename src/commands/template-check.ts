// /template checked against the approved templates before anything reaches Meta (SPEC §4): the name,
// the language and the number of parameters. Pure: the list comes in, a verdict goes out, and the
// handler words it.
import type { ApprovedTemplate } from "../whatsapp/templates.js";
import { editDistance, MAX_DISTANCE } from "./suggest.js";

export type TemplateCall = { name: string; language: string | null; params: readonly string[] };

export type TemplateCheck =
  | { ok: true; template: ApprovedTemplate }
  /** No approved template of that name; `near` are the closest names, best first. */
  | { ok: false; problem: "unknown_name"; near: string[] }
  /** The name is approved, but not in the language asked for; `approved` are its languages. */
  | { ok: false; problem: "unknown_language"; approved: ApprovedTemplate[] }
  /** No language given, and the name is approved in several. */
  | { ok: false; problem: "which_language"; approved: ApprovedTemplate[] }
  | { ok: false; problem: "media_header"; template: ApprovedTemplate }
  | { ok: false; problem: "parameter_count"; template: ApprovedTemplate; given: number };

const NEAR_MAX = 3;

/**
 * Names close to a mistyped one: within the command suggester's edit distance, or containing it (or
 * contained in it), so "order" finds "order_update". Closest first, then alphabetical.
 */
export function nearNames(name: string, names: readonly string[]): string[] {
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(names)) {
    const contains = candidate.includes(name) || name.includes(candidate);
    const close =
      Math.abs(candidate.length - name.length) <= MAX_DISTANCE &&
      editDistance(name, candidate) <= MAX_DISTANCE;
    if (!close && !contains) continue;
    const score = close
      ? editDistance(name, candidate)
      : MAX_DISTANCE + 1 + Math.abs(candidate.length - name.length);
    scored.push({ candidate, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, NEAR_MAX)
    .map((s) => s.candidate);
}

export function checkTemplateCall(approved: readonly ApprovedTemplate[], call: TemplateCall): TemplateCheck {
  const named = approved.filter((t) => t.name === call.name);
  if (named.length === 0) {
    return {
      ok: false,
      problem: "unknown_name",
      near: nearNames(
        call.name,
        approved.map((t) => t.name),
      ),
    };
  }
  let template: ApprovedTemplate | undefined;
  if (call.language === null) {
    // No language given: the one it is approved in. Several: the person must say which.
    if (named.length > 1) return { ok: false, problem: "which_language", approved: named };
    template = named[0];
  } else {
    template = named.find((t) => t.language === call.language);
  }
  if (template === undefined) return { ok: false, problem: "unknown_language", approved: named };
  if (template.mediaHeader !== null) return { ok: false, problem: "media_header", template };
  if (template.parameters.length !== call.params.length) {
    return { ok: false, problem: "parameter_count", template, given: call.params.length };
  }
  return { ok: true, template };
}
