import { Router, type RequestHandler } from 'express';
import { ruruHTML, type RuruServerConfig } from 'ruru/server';
import { serveStatic } from 'ruru/static';
import { CJK_FONT_STYLESHEET } from './fonts-routes.js';

const STATIC_PATH = '/explorer/static/';

/**
 * The API explorer at `/explorer`: GraphiQL (Ruru's build of it) with the schema's documentation,
 * completion and history, served entirely by the hub from the installed `ruru` package — nothing
 * from a CDN. Its bar above the editor keeps the bearer token and the stated purpose (X-Purpose)
 * in the browser's localStorage and adds them to every request the explorer sends to /graphql;
 * with a token, introspection works under the default INTROSPECTION=authenticated.
 */
export function explorerRoutes(): Router {
  const router = Router();
  const page = explorerPage();
  router.get('/explorer', (_req, res) => {
    res.set('cache-control', 'no-cache').type('html').send(page);
  });
  // Ruru's middleware trims STATIC_PATH itself and passes other paths on.
  router.use(serveStatic(STATIC_PATH) as RequestHandler);
  return router;
}

/**
 * A browser that opens /graphql (a GET asking for HTML) is sent to the explorer instead of a
 * GraphQL error about CSRF; GraphQL clients (POST, or GET asking for JSON) pass through.
 */
export const explorerForBrowsers: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html') {
    return res.redirect(302, '/explorer');
  }
  next();
};

const AUTH_BAR = `
<form id="hub-auth" autocomplete="off">
  <strong>政务数据共享平台 · API explorer</strong>
  <label>Bearer token <input id="hub-token" type="password" placeholder="hub_… (printed at start, or issueCredential)" size="44"></label>
  <label>用途 X-Purpose <input id="hub-purpose" type="text" placeholder="e.g. SOCIAL_INSURANCE_REGISTRATION" size="30"></label>
  <button type="submit">Use</button>
  <span id="hub-auth-state"></span>
</form>`;

const AUTH_STYLE = `
<link rel="stylesheet" href="${CJK_FONT_STYLESHEET}" />
<style>
body { font-family: "Noto Sans SC", system-ui, sans-serif; }
/* GraphiQL's own font has no Chinese: the schema's descriptions (营业执照 …) fall back to the hub's. */
:root, body, .graphiql-container { --font-family: "Roboto", "Noto Sans SC", sans-serif; --font-family-mono: "Fira Code", "Noto Sans SC", monospace; }
#hub-auth { display: flex; gap: 1rem; align-items: center; height: 2.75rem; padding: 0 1rem; font: 14px "Noto Sans SC", sans-serif; border-bottom: 1px solid #ccc; }
#hub-auth input { font: inherit; }
#ruru-root { height: calc(100vh - 2.75rem - 1px) !important; }
</style>`;

// A classic script: it runs before Ruru's modules, so every request Ruru sends carries the headers.
const AUTH_SCRIPT = `
<script>
(function () {
  var TOKEN = 'hub-explorer-token', PURPOSE = 'hub-explorer-purpose';
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : input && input.url;
    if (url && new URL(url, location.href).pathname === '/graphql') {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || {});
      var token = localStorage.getItem(TOKEN), purpose = localStorage.getItem(PURPOSE);
      if (token && !headers.has('authorization')) headers.set('authorization', 'Bearer ' + token);
      // Header values are Latin-1: a purpose in Chinese travels percent-encoded, as the hub expects.
      if (purpose && !headers.has('x-purpose')) headers.set('x-purpose', encodeURIComponent(purpose));
      init.headers = headers;
    }
    return originalFetch(input, init);
  };
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('hub-auth');
    var token = document.getElementById('hub-token'), purpose = document.getElementById('hub-purpose');
    var state = document.getElementById('hub-auth-state');
    token.value = localStorage.getItem(TOKEN) || '';
    purpose.value = localStorage.getItem(PURPOSE) || '';
    state.textContent = token.value ? 'token in use' : 'anonymous: the schema needs a token';
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var set = function (key, value) { value.trim() ? localStorage.setItem(key, value.trim()) : localStorage.removeItem(key); };
      set(TOKEN, token.value);
      set(PURPOSE, purpose.value);
      location.reload(); // the explorer reads the schema again, now with the credential
    });
  });
})();
</script>`;

function explorerPage(): string {
  return ruruHTML({
    staticPath: STATIC_PATH,
    endpoint: '/graphql',
    clientConfig: {
      defaultQuery:
        '# Set your token above, then try:\n{\n  me { department { code name } roles }\n  enterprises(first: 5) { totalCount nodes { uscc name kind status } }\n}\n',
    } as RuruServerConfig['clientConfig'],
    htmlParts: {
      titleTag: '<title>API explorer · 政务数据共享平台</title>',
      metaTags: (original) => `${original}\n<meta name="robots" content="noindex" />`,
      styleTags: (original) => original + AUTH_STYLE,
      headerScripts: (original) => AUTH_SCRIPT + original,
      bodyContent: (original) => AUTH_BAR + original,
    },
  });
}
