// The page's style and its one small script, inlined by page.tsx (no front-end build step).
// The script only: keeps an EventSource open and swaps in the HTML fragments the server renders,
// remembers which message a phone is replying to, and POSTs what a person types or a clock jump.

export const PAGE_STYLE = `
:root { --bg: #efeae2; --mine: #d9fdd3; --theirs: #fff; --bar: #008069; --blue: #53bdeb; --muted: #667781; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.35 system-ui, "Segoe UI", Roboto, "Noto Sans", "Noto Color Emoji", sans-serif;
  background: #d1d7db; color: #111b21; }
.top { background: var(--bar); color: #fff; padding: 10px 18px; display: flex; flex-wrap: wrap; gap: 6px 18px;
  align-items: center; }
.top h1 { font-size: 18px; margin: 0; }
.top .tips { flex-basis: 100%; margin: 0; opacity: .92; font-size: 13px; }
.top code { background: rgba(255,255,255,.18); padding: 0 4px; border-radius: 4px; }
.clock { display: flex; gap: 8px; align-items: center; margin-left: auto; font-variant-numeric: tabular-nums; }
.clock button { border: 0; border-radius: 14px; padding: 4px 12px; background: #fff; color: var(--bar);
  font-weight: 600; cursor: pointer; }
body:not(.live) .clock::after { content: "reconnecting…"; font-size: 12px; opacity: .8; }
section { padding: 6px 18px 4px; }
section h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: #3b4a54; margin: 6px 0; }
.section-head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 18px; }
.add-customer { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.add-customer input { border: 1px solid #b9c3c8; border-radius: 14px; padding: 4px 10px; font: inherit;
  width: 180px; }
.add-customer input[name=phone] { width: 160px; font-variant-numeric: tabular-nums; }
.add-customer button { border: 0; border-radius: 14px; padding: 5px 12px; background: var(--bar); color: #fff;
  font-weight: 600; cursor: pointer; }
.form-error { color: #b3261e; font-size: 12.5px; }
.send-error { background: #f0f2f5; color: #b3261e; font-size: 12px; padding: 0 12px 6px; }
.send-error[hidden] { display: none; }
.phones { display: flex; flex-wrap: wrap; gap: 14px; }
.phone { width: 300px; height: 470px; display: flex; flex-direction: column; border-radius: 18px; overflow: hidden;
  background: var(--bg); box-shadow: 0 2px 10px rgba(0,0,0,.18); border: 5px solid #1f2c33; }
.bar { background: var(--bar); color: #fff; display: flex; gap: 8px; padding: 7px 9px; align-items: center; }
.phone.customer .bar { background: #075e54; }
.avatar { flex: none; width: 32px; height: 32px; border-radius: 50%; background: #dfe5e7; color: #54656f;
  display: grid; place-items: center; font-weight: 700; }
.who { min-width: 0; }
.name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.number { font-weight: 400; font-size: 11px; opacity: .8; }
.sub { font-size: 11.5px; opacity: .95; }
.sub .line { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.window.open::before, .window.closed::before { content: "● "; }
.window.open::before { color: #7ef29d; } .window.closed::before { color: #ffb4a8; }
.chat { flex: 1; overflow-y: auto; padding: 8px 8px 4px; display: flex; flex-direction: column; gap: 4px; }
.msg { max-width: 86%; padding: 5px 8px 3px; border-radius: 8px; box-shadow: 0 1px .5px rgba(11,20,26,.13);
  cursor: pointer; }
.msg.theirs { background: var(--theirs); align-self: flex-start; border-top-left-radius: 0; }
.msg.mine { background: var(--mine); align-self: flex-end; border-top-right-radius: 0; }
.msg:hover { filter: brightness(.97); }
.choices { display: flex; flex-direction: column; gap: 3px; margin-top: 5px; }
.choices summary { cursor: pointer; color: #027eb5; text-align: center; padding: 4px; }
.choice { border: 0; border-top: 1px solid rgba(0,0,0,.08); background: transparent; color: #027eb5;
  padding: 6px 4px; cursor: pointer; font: inherit; }
.choice:hover { background: rgba(0,0,0,.04); }
.reaction { margin-right: 4px; }
.react { visibility: hidden; margin-right: 4px; }
.msg:hover .react { visibility: visible; }
.react button { border: 0; background: transparent; cursor: pointer; padding: 0 1px; font-size: 13px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
.msg .media { display: block; max-width: 100%; max-height: 220px; border-radius: 6px; margin-bottom: 4px; }
.msg audio.media { width: 220px; }
.msg .doc { display: inline-block; padding: 6px 10px; border-radius: 6px; background: rgba(0,0,0,.06); margin-bottom: 4px; }
.composer .attach { cursor: pointer; padding: 0 6px; align-self: center; }
.quoted { border-left: 4px solid #06cf9c; background: rgba(0,0,0,.05); border-radius: 4px; padding: 2px 6px;
  margin-bottom: 3px; font-size: 12.5px; color: #54656f; white-space: pre-wrap; max-height: 3.9em; overflow: hidden; }
.meta { display: flex; justify-content: flex-end; gap: 4px; font-size: 11px; color: var(--muted); }
.ticks.read { color: var(--blue); } .ticks.failed { color: #d93025; }
.error { font-size: 11.5px; color: #d93025; }
.note { align-self: center; background: #ffeecd; color: #54656f; font-size: 12px; padding: 3px 10px;
  border-radius: 8px; margin: 4px 0; }
.quote-bar { display: flex; align-items: center; gap: 6px; background: #f0f2f5; padding: 5px 8px 0; }
.quote-bar[hidden] { display: none; }
.quote-text { flex: 1; border-left: 4px solid #06cf9c; background: #fff; padding: 3px 6px; border-radius: 4px;
  font-size: 12.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.unquote { border: 0; background: none; font-size: 18px; cursor: pointer; color: var(--muted); }
.composer { display: flex; gap: 6px; padding: 6px 8px; background: #f0f2f5; }
.composer input { flex: 1; border: 0; border-radius: 18px; padding: 8px 12px; font: inherit; min-width: 0; }
.composer button { border: 0; border-radius: 50%; width: 36px; background: var(--bar); color: #fff;
  cursor: pointer; }
`;

export const PAGE_SCRIPT = `
(() => {
  const byId = (id) => document.getElementById(id);
  const fragment = (html) => {
    const t = document.createElement("template");
    t.innerHTML = html.trim();
    return t.content.firstElementChild;
  };
  const post = (url, body) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const toBottom = (chat) => { chat.scrollTop = chat.scrollHeight; };
  document.querySelectorAll(".chat").forEach(toBottom);

  // One stream at a time, reopened by this script: EventSource gives up for good on an HTTP error, such
  // as the 503 a restarting sandbox answers while it starts.
  const handlers = new Map();
  const on = (name, handle) => handlers.set(name, handle);
  let events = null;
  let stale = false;
  const connect = () => {
    events = new EventSource("/sandbox/events");
    events.onopen = () => document.body.classList.add("live");
    events.onerror = () => {
      document.body.classList.remove("live");
      events.close();
      if (!stale) setTimeout(connect, 1000);
    };
    for (const [name, handle] of handlers)
      events.addEventListener(name, (e) => { if (!stale) handle(JSON.parse(e.data)); });
  };
  // Another run of the sandbox (restarted with this page open): its bot and phones start over, and so
  // does the page, rather than keep bubbles and conversation numbers the new bot never had.
  on("hello", ({ instance }) => {
    if (instance === document.body.dataset.instance) return;
    stale = true;
    events.close();
    location.reload();
  });
  on("bubble", ({ phone, key, html }) => {
    const chat = byId("c" + phone);
    if (!chat) return;
    const old = byId("m" + key);
    if (old) old.replaceWith(fragment(html));
    else { chat.append(fragment(html)); toBottom(chat); }
  });
  on("header", ({ phone, html }) => { const h = byId("h" + phone); if (h) h.innerHTML = html; });
  on("phone", ({ phone, side, html }) => {
    if (byId("p" + phone)) return;
    byId("side-" + side).append(fragment(html));
    byId("section-" + side).hidden = false;
  });
  on("clock", ({ text }) => { byId("clock").textContent = text; });
  connect();

  const unquote = (phone) => {
    delete phone.dataset.quote;
    phone.querySelector(".quote-bar").hidden = true;
  };
  document.addEventListener("click", (e) => {
    const jump = e.target.closest("[data-hours]");
    if (jump) return void post("/sandbox/api/clock", { hours: Number(jump.dataset.hours) });
    const phone = e.target.closest(".phone");
    if (!phone) return;
    if (e.target.closest(".unquote")) return unquote(phone);
    const msg = e.target.closest(".msg");
    if (!msg) return;
    // A tap on a reply button or list row, or a reaction: the webhook a phone would send (SPEC §12).
    const tap = e.target.closest("[data-tap]");
    if (tap) return void post("/sandbox/api/tap", { phone: phone.dataset.phone, wamid: msg.dataset.wamid, id: tap.dataset.tap });
    const react = e.target.closest("[data-react]");
    if (react) {
      const emoji = msg.dataset.reaction === react.dataset.react ? "" : react.dataset.react;
      return void post("/sandbox/api/react", { phone: phone.dataset.phone, wamid: msg.dataset.wamid, emoji });
    }
    if (e.target.closest("details.choices")) return;
    // Replying to a message: the simulator sends it with context.id, as WhatsApp does on a swipe.
    phone.dataset.quote = msg.dataset.wamid;
    phone.querySelector(".quote-text").textContent = msg.querySelector(".text").textContent;
    phone.querySelector(".quote-bar").hidden = false;
    phone.querySelector("input").focus();
  });
  document.addEventListener("submit", async (e) => {
    const form = e.target.closest("form.add-customer");
    if (!form) return;
    e.preventDefault();
    const [name, number, error] = ["[name=name]", "[name=phone]", ".form-error"].map((q) => form.querySelector(q));
    const res = await post("/sandbox/api/customers", { name: name.value, phone: number.value });
    if (!res.ok) { error.textContent = await res.text(); return; }
    const { waId, nextPhone } = await res.json();
    error.textContent = "";
    name.value = "";
    number.value = nextPhone;
    // The new phone comes over the event stream; once it is there, the visitor can type in it.
    for (let tries = 0; tries < 50 && !byId("p" + waId); tries++) await new Promise((r) => setTimeout(r, 40));
    const phone = byId("p" + waId);
    if (phone) { phone.scrollIntoView({ block: "nearest" }); phone.querySelector("input").focus(); }
  });
  // Attaching a file sends it at once, with whatever is typed as its caption.
  document.addEventListener("change", async (e) => {
    const picker = e.target.closest("form.composer input[type=file]");
    if (!picker || !picker.files || picker.files.length === 0) return;
    const file = picker.files[0];
    const phone = picker.closest(".phone");
    const input = phone.querySelector("form.composer input[name=text]");
    const error = phone.querySelector(".send-error");
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 32768) binary += String.fromCharCode(...bytes.subarray(i, i + 32768));
    const quotedWamid = phone.dataset.quote || null;
    const caption = input.value.trim();
    picker.value = "";
    input.value = "";
    unquote(phone);
    const res = await post("/sandbox/api/send-media", {
      phone: phone.dataset.phone, data: btoa(binary), mime: file.type, filename: file.name, caption, quotedWamid,
    });
    if (res.ok || res.status === 502) { error.hidden = true; return; }
    input.value = caption;
    error.textContent = await res.text();
    error.hidden = false;
  });
  document.addEventListener("submit", async (e) => {
    const form = e.target.closest("form.composer");
    if (!form) return;
    e.preventDefault();
    const phone = form.closest(".phone");
    const input = form.querySelector("input");
    const error = phone.querySelector(".send-error");
    const text = input.value.trim();
    if (!text) return;
    const quotedWamid = phone.dataset.quote || null;
    input.value = "";
    error.hidden = true;
    unquote(phone);
    // Whatever a phone can send goes to the bot, which answers for itself (a long reply, a bad command).
    // 502: the bot did not take the webhook, which the message's own ⚠ already says.
    const res = await post("/sandbox/api/send", { phone: phone.dataset.phone, text, quotedWamid });
    if (res.ok || res.status === 502) return;
    input.value = text;
    error.textContent = await res.text();
    error.hidden = false;
  });
})();
`;
