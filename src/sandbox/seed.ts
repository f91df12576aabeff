// The sandbox's people, set up the way a real team would do it: the admin comes from INBOX_ADMINS and
// types the commands that create the teams and the other staff; each of them then writes to the bot once
// (as the README tells new staff to), which opens their own 24-hour window for notifications.
// Customers need no setup: they become customers when they first write.
import { type Person, SANDBOX_ADMIN, SANDBOX_PEOPLE, SANDBOX_TEAMS } from "./cast.js";

type Sender = { personSends: (waId: string, text: string) => Promise<{ status: string }> };

/** The commands, in order: teams, then staff, then memberships (a handle must exist to join a team). */
export function seedCommands(
  people: readonly Person[] = SANDBOX_PEOPLE,
): Array<{ waId: string; text: string }> {
  const staff = people.filter((p) => p.seed !== undefined && p.waId !== SANDBOX_ADMIN.waId);
  const admin = (text: string) => ({ waId: SANDBOX_ADMIN.waId, text });
  return [
    ...SANDBOX_TEAMS.map((team) => admin(`/team create ${team}`)),
    ...staff.map((p) => admin(`/staff add +${p.waId} ${p.seed?.handle} ${p.seed?.role}`)),
    ...staff.flatMap((p) =>
      (p.seed?.teams ?? []).map((team) => admin(`/team add ${team} @${p.seed?.handle}`)),
    ),
    ...staff.map((p) => ({ waId: p.waId, text: "/whoami" })),
  ];
}

/**
 * Sends them one at a time: each waits for the bot's 200, and the bot processes stored webhooks in the
 * order they arrived, so a command always sees the ones before it.
 */
export async function seedThroughCommands(simulator: Sender): Promise<void> {
  for (const { waId, text } of seedCommands()) {
    const entry = await simulator.personSends(waId, text);
    if (entry.status === "failed") throw new Error(`the bot did not take the seed command "${text}"`);
  }
}
