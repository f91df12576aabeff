// /forget on a database file: after the erasing transaction and a checkpoint, the file's bytes hold no
// trace of the customer, free pages included (secure_delete, open-node.ts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { openNodeDatabase } from "../store/open-node.js";
import { contacts, conversations, messages, rawEvents } from "../store/schema.js";
import { eraseCustomer, forgetScope } from "./forget.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("leaves no byte of the name, the words or the number in the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "inbox-forget-file-"));
  dirs.push(dir);
  const file = join(dir, "inbox-1.db");
  const { db, sqlite, close } = openNodeDatabase(file);
  const NOW = Date.UTC(2026, 5, 1);
  const secret = "QUETZAL-secret-words";
  db.transaction((tx) => {
    const contact = tx
      .insert(contacts)
      .values({ waId: "15557770001", name: "Wilhelmina Zyx", createdAt: NOW, updatedAt: NOW })
      .returning()
      .get();
    const conv = tx
      .insert(conversations)
      .values({
        contactId: contact.id,
        status: "open",
        lastActivityAt: NOW,
        createdAt: NOW,
        lastSnippet: secret,
      })
      .returning()
      .get();
    for (let i = 0; i < 50; i++) {
      const raw = JSON.stringify({ from: "15557770001", name: "Wilhelmina Zyx", text: `${secret} ${i}` });
      tx.insert(messages)
        .values({
          conversationId: conv.id,
          direction: "in",
          dedupKey: `w${i}`,
          wamid: `w${i}`,
          contactId: contact.id,
          type: "text",
          text: `${secret} ${i}`,
          timestamp: NOW,
          raw,
          createdAt: NOW,
        })
        .run();
      tx.insert(rawEvents)
        .values({ receivedAt: NOW, bodySha256: `sha${i}`, body: raw, state: "done", processedAt: NOW })
        .run();
    }
  });
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const scope = forgetScope(db, "15557770001");
  if (!scope) throw new Error("no customer");
  db.transaction((tx) => eraseCustomer(tx, scope, { now: NOW, lineMarker: "(gone)" }));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  close();
  const bytes = readFileSync(file);
  for (const needle of ["Wilhelmina", "QUETZAL", "15557770001"]) {
    expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
  }
});
