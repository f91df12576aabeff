// Commands that write: /reply and /template to the customer, /note to the team. Their text is kept as
// typed (inner spaces and newlines included); only #N, which must come first, is taken out.
import {
  type Args,
  type ArgsResult,
  accept,
  quote,
  readPositiveInt,
  reject,
  takeConvThenText,
} from "../args.js";
import type { CommandSpec } from "./spec.js";

function parseTextCommand(name: "reply" | "note"): (args: Args) => ArgsResult {
  return (args) => {
    const taken = takeConvThenText(args);
    if (!taken.ok) return reject(taken.detail);
    if (taken.text === "") return reject((t) => (name === "reply" ? t.argReplyEmpty() : t.argNoteEmpty()));
    return accept({ name, conv: taken.conv, text: taken.text });
  };
}

export const parseReplyArgs = parseTextCommand("reply");
export const parseNoteArgs = parseTextCommand("note");

// Meta's template names are lowercase letters, digits and underscores, up to 512 characters.
const TEMPLATE_NAME = /^[A-Za-z0-9_]{1,512}$/;
// Meta's language codes: "en", "fil", "en_US", "pt_BR". The language part must be typed in lowercase, so
// that a capitalised first parameter ("Ann") is not mistaken for a language.
const LANGUAGE = /^([a-z]{2,3})(?:[_-]([A-Za-z]{2}))?$/;

export function readLanguage(raw: string): string | null {
  const match = LANGUAGE.exec(raw);
  if (match?.[1] === undefined) return null;
  return match[2] === undefined ? match[1] : `${match[1]}_${match[2].toUpperCase()}`;
}

/**
 * /template [#N] <name> [language] [param|param…]. The word after the name is the language when it looks
 * like one and is not the first of several parameters ("hi | there"): a lone one-word parameter that
 * looks like a language code needs the language written before it ("/template greet en hi").
 */
export function parseTemplateArgs(args: Args): ArgsResult {
  const taken = takeConvThenText(args);
  if (!taken.ok) return reject(taken.detail);
  const [nameToken, languageToken] = args.tokens.filter((token) => token.start >= taken.afterConv);
  if (nameToken === undefined) return reject((t) => t.argWhichTemplate());
  if (!TEMPLATE_NAME.test(nameToken.text))
    return reject((t) => t.argNotTemplate({ text: quote(nameToken.text) }));

  let language: string | null = null;
  let end = nameToken.end;
  if (languageToken !== undefined) {
    const candidate = readLanguage(languageToken.raw);
    const startsParams = args.raw.slice(languageToken.end).trimStart().startsWith("|");
    // Right after the name, with nothing in between but spaces (an invisible mark counts as something).
    const adjacent = args.raw.slice(nameToken.end, languageToken.start).trim() === "";
    if (candidate !== null && adjacent && !startsParams) {
      language = candidate;
      end = languageToken.end;
    }
  }

  const rest = args.raw.slice(end).trim();
  const params = rest === "" ? [] : rest.split("|").map((param) => param.trim());
  // Meta refuses empty parameters; saying so here names the mistake instead of a Graph error code.
  if (params.includes("")) return reject((t) => t.argTemplateParamEmpty());
  return accept({
    name: "template",
    conv: taken.conv,
    template: nameToken.text.toLowerCase(),
    language,
    params,
  });
}

/** /templates [page] */
export function parseTemplatesArgs(args: Args): ArgsResult {
  const [first, ...more] = args.tokens;
  if (first === undefined) return accept({ name: "templates", page: 1 });
  const page = readPositiveInt(first.text);
  if (page === null) return reject((t) => t.argNotPage({ text: quote(first.text) }));
  return more.length === 0
    ? accept({ name: "templates", page })
    : reject((t) => t.argOnlyPage({ command: "/templates" }));
}

export const REPLY_SPECS: readonly CommandSpec[] = [
  {
    word: "reply",
    aliases: [],
    family: "replies",
    parseArgs: parseReplyArgs,
  },
  {
    word: "template",
    aliases: [],
    family: "replies",
    parseArgs: parseTemplateArgs,
  },
  {
    word: "templates",
    aliases: [],
    family: "replies",
    parseArgs: parseTemplatesArgs,
  },
  {
    word: "note",
    aliases: [],
    family: "replies",
    parseArgs: parseNoteArgs,
  },
];
