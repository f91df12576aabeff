// How a phone shows reply buttons, a list message and reactions under a bubble (SPEC §12). Tapping one
// posts to /sandbox/api/tap or /api/react (page-assets.ts), which sends the webhook a phone would.
import type { ChatEntry } from "./chat-log.js";

/** 👍 takes a conversation and ✅ closes it; the page offers these two on every bot message. */
const REACTIONS = ["👍", "✅"] as const;

export function ChoicesView({ entry }: { entry: ChatEntry }) {
  const { choices } = entry;
  if (!choices) return null;
  const options = choices.options.map((o) => (
    <button type="button" class="choice" data-tap={o.id} title={o.description ?? o.title} dir="auto">
      {o.title}
    </button>
  ));
  if (choices.kind === "button") return <div class="choices">{options}</div>;
  return (
    <details class="choices list">
      <summary>☰ {choices.label ?? "Choose"}</summary>
      {options}
    </details>
  );
}

export function ReactionView({ entry }: { entry: ChatEntry }) {
  return (
    <>
      {entry.reaction && <span class="reaction">{entry.reaction}</span>}
      {entry.author === "business" && (
        <span class="react">
          {REACTIONS.map((emoji) => (
            <button type="button" data-react={emoji} title={`React with ${emoji} (again to remove it)`}>
              {emoji}
            </button>
          ))}
        </span>
      )}
    </>
  );
}
