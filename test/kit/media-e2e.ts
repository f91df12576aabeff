// The media end-to-end tests' shared setup (test/media*.e2e.test.ts): the e2e harness with Meta's media
// endpoints faked (media.ts), and the steps those tests repeat.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect } from "vitest";
import { outbox } from "../../src/store/schema.js";
import { GRAPH, graphServer, type Sent, startE2E, useGraphServer } from "./e2e.js";
import { fakeMetaMedia, makeMessageWebhook } from "./media.js";

export const ADA = "+15550000001";
export const SHEENA = "15557770001";

type Harness = Awaited<ReturnType<typeof startE2E>>;
export type FakeMedia = ReturnType<typeof fakeMetaMedia>;

/** Call once at the top of a test file; `state` holds each test's fresh harness and fake media. */
export function useMediaE2E() {
  useGraphServer();
  const state = {} as { t: Harness; media: FakeMedia };
  let seq = 0;
  beforeEach(async () => {
    state.t = await startE2E();
    state.media = fakeMetaMedia(graphServer, GRAPH);
  });
  afterEach(async () => {
    await state.t.close();
  });

  /** Lets pacing (one message per person every few seconds) release everything that is due. */
  async function settle(rounds = 12): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      state.t.clock.advance(7_000);
      await state.t.flush();
    }
  }

  async function post(
    id: string,
    from: string,
    message: Record<string, unknown>,
    extra: { name?: string; quotedId?: string },
  ) {
    const body = makeMessageWebhook({
      from,
      id,
      timestamp: Math.floor(state.t.clock.now() / 1000),
      message,
      ...extra,
    });
    expect((await state.t.post(body)).status).toBe(200);
    await state.t.flush();
  }

  return {
    state,
    settle,
    async customerSends(message: Record<string, unknown>, from = SHEENA): Promise<void> {
      seq += 1;
      await post(`wamid.MEDIA.${seq}`, from, message, { name: "Sheena Nelson" });
    },
    /** A staff member sends media to the bot: a quote of `quotedId`, and/or a caption. */
    async staffSends(from: string, message: Record<string, unknown>, quotedId?: string): Promise<void> {
      seq += 1;
      await post(
        `wamid.STAFF.${seq}`,
        from.replace(/^\+/, ""),
        message,
        quotedId === undefined ? {} : { quotedId },
      );
    },
    /** Sheena has conversation #1, owned by Ada, whose window is open. */
    async owned(): Promise<void> {
      await state.t.write(SHEENA, "hello", { name: "Sheena Nelson" });
      await state.t.write(ADA, "/assign me #1");
      await settle();
    },
    received(kind: string, to = ADA): Sent[] {
      return state.t.sentTo(to).filter((s) => s.type === kind);
    },
    /** The bytes a recipient of this media message gets: the file uploaded under its id. */
    bytesOf(sent: Sent): Uint8Array {
      const part = sent.body[sent.type] as { id?: string };
      const file = state.media.files.get(String(part.id));
      if (!file) throw new Error(`no uploaded file ${part.id}`);
      return file.bytes;
    },
    /** The wamid of the forward of Sheena's last text to Ada: what Ada quotes to answer her. */
    lastForwardTo(to = ADA): string {
      const forward = state.t.db.select().from(outbox).where(eq(outbox.purpose, "forward")).all().at(-1);
      if (!forward?.wamid) throw new Error("no forward sent");
      expect(forward.recipient).toBe(to.replace(/^\+/, ""));
      return forward.wamid;
    },
  };
}
