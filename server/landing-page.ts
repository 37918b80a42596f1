import type { RequestHandler } from 'express';

/** A plain page at `/` so a person who opens the hub in a browser learns where things are. */
export const landingPage: RequestHandler = (_req, res) => {
  res.type('html').send(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政务数据共享平台 · Government data hub</title>
<link rel="stylesheet" href="/fonts/noto-sans-sc.css"></head>
<body style="font-family: 'Noto Sans SC', sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5">
<h1>政务数据共享平台 <small>Government data hub</small></h1>
<ul>
<li><a href="/explorer">/explorer</a> — the API explorer (GraphiQL): set a bearer token, browse the schema, try queries</li>
<li><a href="/dashboard">/dashboard</a> — the live figures (a DASHBOARD token)</li>
<li><a href="/console">/console</a> — the registration window (一窗受理): register, hand over, print, change, deregister (a CLERK token)</li>
<li><a href="/verify">/verify</a> — check a business licence by its identifier or QR code (no token)</li>
<li><code>POST /graphql</code> — GraphQL over HTTP (<code>Authorization: Bearer &lt;token&gt;</code>)</li>
<li><code>ws://…/graphql</code> — subscriptions (graphql-transport-ws; send <code>{"authorization": "Bearer &lt;token&gt;"}</code> in connection_init)</li>
<li><a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>, <a href="/metrics">/metrics</a></li>
</ul>
<p>The schema is in <code>schema/schema.graphql</code> of the source tree.</p>
</body></html>`);
};
