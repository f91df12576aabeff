// The Cloudflare Workers entry point (wrangler.toml `main`): the Worker's app (worker-app.ts) and the
// Durable Object class that wrangler.toml binds as INBOX (inbox-object.ts).
import type { Hono } from "hono";
import { createWorkerApp } from "./worker-app.js";
import type { WorkerEnv } from "./worker-env.js";

export { InboxObject } from "./inbox-object.js";

type ExportedHandler = { fetch: (request: Request, env: WorkerEnv) => Response | Promise<Response> };

// Built once per isolate: the env of a deployment does not change while the isolate lives.
const apps = new WeakMap<WorkerEnv, Hono>();

export default {
  fetch(request, env) {
    let app = apps.get(env);
    if (app === undefined) {
      app = createWorkerApp(env);
      apps.set(env, app);
    }
    return app.fetch(request);
  },
} satisfies ExportedHandler;
