// Spanish texts of /forget, spread into es.ts (its `satisfies Catalog` checks keys and parameters).

type Phone = { phone: string };

export const esForget = {
  whyAdminsForget: () => "solo los admins pueden olvidar a un cliente",
  forgetNobody: (p: Phone) => `Ningún cliente ha escrito desde ${p.phone}: no hay nada que olvidar.`,
  forgetAlready: (p: Phone & { ago: string }) =>
    `${p.phone} se olvidó ${p.ago} y nadie ha escrito desde ese número después: no queda nada que olvidar.`,
  forgetIsStaff: (p: Phone & { handle: string }) =>
    `${p.phone} es el número de ${p.handle}, del equipo: /forget es para clientes.`,
  forgetAsk: (
    p: Phone & { customer: string; conversations: string | null; messages: number; minutes: number },
  ) =>
    [
      `¿Olvidar a ${p.customer}? Se borran su nombre y su número, los textos, pies de foto y archivos de ${p.messages === 1 ? "su mensaje" : `sus ${p.messages} mensajes`}, y los cuerpos de webhook que lo mencionan. No se puede deshacer.`,
      p.conversations === null
        ? "No tiene ninguna conversación."
        : `Se conservan en ${p.conversations}: los números de conversación, fechas, notas y respuestas, con el cliente como "forgotten"; si hay una abierta, se cierra.`,
      `Para hacerlo, antes de ${p.minutes} minutos: /forget ${p.phone} confirm`,
    ].join("\n"),
  forgetNothingToConfirm: (p: Phone) =>
    `No hay nada que confirmar: envía primero /forget ${p.phone} y después /forget ${p.phone} confirm antes de 10 minutos.`,
  forgetExpired: (p: Phone & { minutes: number }) =>
    `Tu /forget ${p.phone} fue hace más de ${p.minutes} minutos y ha caducado. Envía /forget ${p.phone} otra vez para ver qué se borra.`,
  forgetOtherAdmin: (p: Phone & { handle: string }) =>
    `Solo ${p.handle}, que lo pidió, puede confirmar que se olvide a este cliente. Para hacerlo tú, envía primero /forget ${p.phone}.`,
  forgetDone: (p: {
    conversations: string | null;
    messages: number;
    bodies: number;
    closed: string | null;
  }) =>
    [
      `Olvidado. Se ha borrado: el nombre y el número, ${p.messages === 1 ? "1 mensaje" : `${p.messages} mensajes`} (textos, pies de foto, archivos), ${p.bodies === 1 ? "1 cuerpo de webhook" : `${p.bodies} cuerpos de webhook`}.`,
      p.conversations === null ? null : `El cliente aparece ahora como "forgotten" en ${p.conversations}.`,
      p.closed === null ? null : `${p.closed} estaba abierta y ahora está cerrada.`,
    ]
      .filter((line) => line !== null)
      .join("\n"),
  forgetHistoryNote: () => "cliente olvidado",
  forgetClosedNotice: (p: { n: number; by: string }) =>
    `#${p.n} cerrada por ${p.by}: se olvidó al cliente a petición suya y se borraron sus mensajes.`,
  forgetErasedLine: () => "(un cliente olvidado)",
  forgetStaysClosed: (p: { n: number }) =>
    `#${p.n} sigue cerrada: se olvidó a su cliente. Si vuelve a escribir, será un cliente nuevo.`,
};
