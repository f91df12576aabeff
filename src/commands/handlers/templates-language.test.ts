// /templates and the failure notices read in the inbox's language: the same list and the same failed row
// give an English and a Spanish answer with the same figures, and neither leaks the other language.
import { describe, expect, it } from "vitest";
import { failureNotice, type OutboxRow } from "../../outbox/failure.js";
import type { TemplateList } from "../../store/template-list.js";
import { en } from "../../texts/en.js";
import { es } from "../../texts/es.js";
import { templatesPage } from "./templates.js";

const NOW = 10 * 60_000;
const template = (name: string, language: string, parameters: string[]) => ({
  name,
  language,
  parameters,
  headerParameters: 0,
  named: false,
  mediaHeader: null,
});
const LIST = {
  fetchedAt: NOW - 5 * 60_000,
  complete: true,
  templates: [template("order_update", "en", ["1"]), template("order_update", "es", ["1"])],
  lastError: null,
} as unknown as TemplateList;

describe("/templates in the inbox's language", () => {
  it("says the same in English and Spanish", () => {
    expect(templatesPage(en, LIST, 1, NOW)).toBe(
      [
        "Approved templates (1 name) · read 5m ago",
        "order_update · en, es · 1 parameter",
        "Send one: /template #N <name> [language] [param | param…]",
      ].join("\n"),
    );
    expect(templatesPage(es, LIST, 1, NOW)).toBe(
      [
        "Plantillas aprobadas (1 nombre) · leída hace 5m",
        "order_update · en, es · 1 parámetro",
        "Para enviar una: /template #N <nombre> [idioma] [parámetro | parámetro…]",
      ].join("\n"),
    );
    expect(templatesPage(es, LIST, 3, NOW)).toBe(
      "La página 3 no existe: la lista tiene 1 página. Envía /templates para ver la última.",
    );
  });
});

describe("a failed delivery in the inbox's language", () => {
  const row = { conversationId: 12, payload: JSON.stringify({ type: "text", text: { body: "Hola" } }) };
  it("names #N, what was not sent and the next step", () => {
    const failure = { kind: "window_closed_by_meta" } as const;
    expect(failureNotice(en, row as OutboxRow, failure)).toBe(
      '#12 not delivered ("Hola"): the customer\'s 24-hour window is closed (Meta 131047). Use /template #12 <name> to write to them first.',
    );
    expect(failureNotice(es, row as OutboxRow, failure)).toBe(
      '#12 no entregado ("Hola"): la ventana de 24 h del cliente está cerrada (Meta 131047). Usa /template #12 <nombre> para escribirle primero.',
    );
  });
});
