// Who is in the sandbox: the business number and the people holding phones. The numbers are in the
// +1 555 01xx range, which is reserved for fiction, so nothing here can reach a real person.

export const SANDBOX_BUSINESS = {
  phoneNumberId: "100000000000001",
  displayNumber: "15550100000",
  wabaId: "100000000000002",
} as const;

export type Business = { phoneNumberId: string; displayNumber: string; wabaId: string };

export type StaffSeed = {
  handle: string;
  role: "admin" | "manager" | "agent";
  teams: string[];
};

export type Person = {
  /** The phone number as Meta writes it in webhooks: digits, no "+". */
  waId: string;
  /** The WhatsApp profile name Meta sends in `contacts[].profile.name`. */
  name: string;
  side: "customer" | "staff" | "other";
  /** Only for the seeded staff: what the seed makes of them through the bot's own commands. */
  seed?: StaffSeed;
};

export const SANDBOX_ADMIN: Person = {
  waId: "15550100001",
  name: "Ada Lovelace",
  side: "staff",
  seed: { handle: "ada", role: "admin", teams: [] },
};

export const SANDBOX_PEOPLE: readonly Person[] = [
  SANDBOX_ADMIN,
  {
    waId: "15550100002",
    name: "Bob Okafor",
    side: "staff",
    seed: { handle: "bob", role: "manager", teams: ["sales", "support"] },
  },
  {
    waId: "15550100003",
    name: "Maria García",
    side: "staff",
    seed: { handle: "maria", role: "agent", teams: ["sales"] },
  },
  {
    waId: "15550100004",
    name: "Dina Haddad",
    side: "staff",
    seed: { handle: "dina", role: "agent", teams: ["support"] },
  },
  { waId: "15550100101", name: "Sheena Nelson", side: "customer" },
  { waId: "15550100102", name: "Kenji Watanabe", side: "customer" },
  // A right-to-left name with an emoji: the bot must keep both intact from webhook to notification.
  { waId: "15550100103", name: "ليلى 🌸", side: "customer" },
];

export const SANDBOX_TEAMS = ["sales", "support"] as const;
