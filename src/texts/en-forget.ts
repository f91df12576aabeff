// English texts of /forget (src/commands/handlers/forget.ts), spread into en.ts. A text that erases data
// says exactly what goes and what stays, and never repeats the phone number after it is forgotten.

type Phone = { phone: string };

export const enForget = {
  whyAdminsForget: () => "only admins may forget a customer",
  forgetNobody: (p: Phone) => `No customer has written from ${p.phone}: there is nothing to forget.`,
  forgetAlready: (p: Phone & { ago: string }) =>
    `${p.phone} was forgotten ${p.ago}, and nobody has written from it since: there is nothing left to forget.`,
  forgetIsStaff: (p: Phone & { handle: string }) =>
    `${p.phone} is the number of ${p.handle}, on the staff list: /forget is for customers.`,
  forgetAsk: (
    p: Phone & { customer: string; conversations: string | null; messages: number; minutes: number },
  ) =>
    [
      `Forget ${p.customer}? This erases their name and number, the texts, captions and media of their ${p.messages === 1 ? "1 message" : `${p.messages} messages`}, and the webhook bodies that mention them. It cannot be undone.`,
      p.conversations === null
        ? "They have no conversation."
        : `Kept in ${p.conversations}: the conversation numbers, times, notes and replies, with the customer shown as "forgotten"; an open one is closed.`,
      `To do it, within ${p.minutes} minutes: /forget ${p.phone} confirm`,
    ].join("\n"),
  forgetNothingToConfirm: (p: Phone) =>
    `Nothing to confirm: send /forget ${p.phone} first, then /forget ${p.phone} confirm within 10 minutes.`,
  forgetExpired: (p: Phone & { minutes: number }) =>
    `Your /forget ${p.phone} was more than ${p.minutes} minutes ago, so it has lapsed. Send /forget ${p.phone} again to see what it erases.`,
  forgetOtherAdmin: (p: Phone & { handle: string }) =>
    `Only ${p.handle}, who asked, may confirm forgetting this customer. To do it yourself, send /forget ${p.phone} first.`,
  forgetDone: (p: {
    conversations: string | null;
    messages: number;
    bodies: number;
    closed: string | null;
  }) =>
    [
      `Forgotten. Erased: the name and number, ${p.messages === 1 ? "1 message" : `${p.messages} messages`} (texts, captions, media), ${p.bodies === 1 ? "1 webhook body" : `${p.bodies} webhook bodies`}.`,
      p.conversations === null ? null : `The customer now reads as "forgotten" in ${p.conversations}.`,
      p.closed === null ? null : `${p.closed} was open and is now closed.`,
    ]
      .filter((line) => line !== null)
      .join("\n"),
  forgetHistoryNote: () => "customer forgotten",
  forgetClosedNotice: (p: { n: number; by: string }) =>
    `#${p.n} closed by ${p.by}: the customer was forgotten at their request, and their messages erased.`,
  forgetErasedLine: () => "(a forgotten customer)",
  forgetStaysClosed: (p: { n: number }) =>
    `#${p.n} stays closed: its customer was forgotten. If they write again, they are a new customer.`,
};
