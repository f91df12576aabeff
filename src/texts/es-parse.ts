// Español: lo que dice el analizador de comandos cuando no entiende un argumento, y la respuesta a un
// comando desconocido. Los comandos, #N, @usuario y las palabras clave se quedan como se escriben.
type Typed = { text: string };

export const esParse = {
  usageHeader: () => "Uso:",
  unknownCommand: (p: { word: string }) => `No existe el comando /${p.word}. Envía /help`,
  unknownCommandDidYouMean: (p: { word: string; suggestion: string }) =>
    `No existe el comando /${p.word}, ¿querías decir /${p.suggestion}? Envía /help`,
  bareSlash: () => "Un comando es / seguido de su nombre, sin espacio: /help los muestra.",
  bareSlashDidYouMean: (p: { suggestion: string }) =>
    `No existe el comando /, ¿querías decir /${p.suggestion}? Escríbelo sin espacio después de la /. Envía /help`,

  argNotConversation: (p: Typed) => `${p.text} no es un número de conversación`,
  argOneConversation: () => "Indica un solo número de conversación",
  argNotPage: (p: Typed) => `${p.text} no es un número de página`,
  argOnePage: () => "Indica un solo número de página",
  argNotTeam: (p: Typed) => `${p.text} no es un nombre de equipo`,
  argNotHandle: (p: Typed) => `${p.text} no es un usuario (letras, cifras, _ . - hasta 32)`,
  argNotRole: (p: Typed) => `${p.text} no es un rol: agent, manager o admin`,
  argNotPhone: (p: Typed) => `${p.text} no es un teléfono como +15551234567`,
  argPhoneNeedsPlus: (p: { digits: string }) => `Los teléfonos empiezan por +: +${p.digits}`,
  argConversationOrPerson: (p: { digits: string }) =>
    `Escribe #${p.digits} para una conversación o @${p.digits} para una persona`,
  argNotWho: (p: Typed) => `${p.text} no es me, @usuario, +teléfono ni team <nombre>`,
  argNotSetting: (p: Typed) => `${p.text} no es un ajuste`,
  argNotTemplate: (p: Typed) => `${p.text} no es un nombre de plantilla`,
  argNotPageOrFilter: (p: Typed) => `${p.text} no es una página, un @usuario ni team <nombre>`,
  argNoArguments: (p: { command: string }) => `${p.command} no lleva nada más`,
  argOnlyPage: (p: { command: string }) => `${p.command} solo lleva un número de página`,
  argOnlyConversation: (p: { command: string; text: string }) => `${p.command} solo lleva #N, no ${p.text}`,
  argShowTakes: (p: Typed) => `/show lleva #N y history [página], no ${p.text}`,
  argShowHistoryTakes: (p: Typed) => `/show history lleva un número de página, no ${p.text}`,
  argTeamNeedsName: (p: { syntax: string }) => `Falta el nombre del equipo: ${p.syntax}`,
  argOneTarget: () => "Asigna a una sola persona o a un solo equipo",
  argReplyEmpty: () => "¿Qué debe leer el cliente?",
  argNoteEmpty: () => "La nota está vacía",
  argWhichTemplate: () => "¿Qué plantilla? /template <nombre>",
  argTemplateParamEmpty: () => "Hay un parámetro vacío; separa los parámetros con |",
  argSettingValue: (p: { key: string }) => `¿Qué valor quieres para ${p.key}?`,
  argStaffSubcommand: (p: Typed) => `${p.text}: usa /staff, /staff add o /staff remove`,
  argPhoneAndHandle: () => "Indica un teléfono y un usuario",
  argStaffAddTakes: () => "/staff add lleva un teléfono, un usuario y un rol",
  argReservedHandle: (p: Typed) => `${p.text} es una palabra reservada, elige otro usuario`,
  argWhomToRemove: () => "¿A quién? /staff remove @usuario",
  argRemoveOne: () => "Quita a una persona cada vez",
  argRoleTakes: () => "/role lleva un usuario y un rol",
  argTeamSubcommand: (p: Typed) => `${p.text}: usa /team create, /team add o /team remove`,
  argWhichTeam: (p: { example: string | null }) =>
    p.example === null ? "¿Qué equipo?" : `¿Qué equipo? ${p.example}`,
  argTeamOneWord: () => "El nombre de un equipo es una sola palabra: letras, cifras, _ y -",
  argTeamAndHandle: () => "Indica un equipo y un @usuario",
  argTeamOpTakes: (p: { command: string }) => `${p.command} lleva un equipo y un solo @usuario`,
  argPageAndFilter: () => "Indica una página y un @usuario o team <nombre>",
  argQueueTakes: () => "/queue lleva un equipo y un número de página",
  argForgetWhom: () => "¿De quién? /forget +15551234567",
  argForgetTakes: () => "/forget lleva un teléfono y, para confirmar, la palabra confirm",
  argForgetOnlyConfirm: (p: Typed) => `${p.text}: después del número solo puede ir la palabra confirm`,
};
