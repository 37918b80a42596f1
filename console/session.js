/*
 * The window's sign-in. The clerk types a CLERK credential (never in the address bar); it is kept
 * in this tab's sessionStorage only (gone when the tab closes), with an expiry that each successful
 * request pushes back, so a window left alone for IDLE_MS asks again. Signing in again happens in a
 * dialog over the page: whatever the clerk had typed stays where it was, and the request that found
 * the session expired goes on once the clerk is back.
 */
import { ApiError, graphql } from './api.js';

const STORAGE_KEY = 'hub.console.session';
export const IDLE_MS = 30 * 60 * 1000;

const ME = `query Me { me { roles credentialLabel department { code name registersMarketEntities } clerk { name staffNumber } } }`;

/** Why a credential may not sign in to the window, or null when it may (CLERK, or ADMIN to watch and retry). */
export function refusalFor(me) {
  const roles = me.roles || [];
  if (roles.includes('CLERK') || roles.includes('ADMIN')) return null;
  if (roles.includes('DASHBOARD'))
    return '此凭证是大厅大屏（DASHBOARD）凭证，只能用于实时数据大屏，不能登录受理窗口。请使用窗口人员（CLERK）凭证。';
  if (roles.includes('SYSTEM'))
    return '此凭证是部门业务系统（SYSTEM）对接凭证，只供系统调用接口，不能登录受理窗口。请使用窗口人员（CLERK）凭证。';
  if (roles.includes('ENTERPRISE')) return '此凭证是企业凭证，不能登录受理窗口。请使用窗口人员（CLERK）凭证。';
  return '此凭证没有窗口受理权限。请使用窗口人员（CLERK）凭证。';
}

export function createSession({ dialog, onSignedIn }) {
  const form = dialog.querySelector('form');
  const input = dialog.querySelector('input[type="password"]');
  const reasonLine = dialog.querySelector('[data-role="reason"]');
  const errorLine = dialog.querySelector('[data-role="error"]');
  const button = dialog.querySelector('button[type="submit"]');
  let principal = null;
  let pending = null;

  const read = () => {
    try {
      const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      if (stored && typeof stored.token === 'string' && stored.expiresAt > Date.now()) return stored;
    } catch {
      // unreadable: as if absent
    }
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  };
  const write = (token) => sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, expiresAt: Date.now() + IDLE_MS }));
  const token = () => (read() || {}).token || null;
  const touch = () => {
    const stored = read();
    if (stored) write(stored.token);
  };

  // A modal the clerk cannot wave away: the page is of no use without a session.
  dialog.addEventListener('cancel', (event) => {
    if (!token()) event.preventDefault();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    if (!typed) {
      errorLine.textContent = '请输入凭证';
      input.focus();
      return;
    }
    button.disabled = true;
    errorLine.textContent = '正在核对凭证…';
    try {
      const data = await graphql(ME, {}, typed);
      const refusal = refusalFor(data.me);
      if (refusal) {
        errorLine.textContent = refusal;
        input.select();
        return;
      }
      write(typed);
      principal = data.me;
      input.value = '';
      errorLine.textContent = '';
      dialog.close();
      onSignedIn(principal);
      const resolve = pending && pending.resolve;
      pending = null;
      if (resolve) resolve(principal);
    } catch (error) {
      if (error instanceof ApiError && error.has('UNAUTHENTICATED')) errorLine.textContent = '凭证无效、已吊销或已过期，请核对后重新输入。';
      else if (error instanceof ApiError && error.kind === 'network') errorLine.textContent = '无法连接到数据共享平台，请检查网络后重试。';
      else errorLine.textContent = '登录失败，请稍后重试。';
      input.select();
    } finally {
      button.disabled = false;
    }
  });

  /** Shows the sign-in dialog (once, however many requests wait) and resolves when someone has signed in. */
  function signIn(reason) {
    if (!pending) {
      let resolve;
      const promise = new Promise((done) => (resolve = done));
      pending = { promise, resolve };
    }
    reasonLine.textContent = reason || '';
    if (!dialog.open) dialog.showModal();
    input.focus();
    return pending.promise;
  }

  /** A GraphQL request as the signed-in clerk; an expired or refused session signs in again first. */
  async function call(query, variables) {
    if (!token()) await signIn('登录已过期，请重新输入凭证。已填写的内容都已保留，登录后继续办理。');
    try {
      const data = await graphql(query, variables, token());
      touch();
      return data;
    } catch (error) {
      if (!(error instanceof ApiError) || !error.has('UNAUTHENTICATED')) throw error;
      sessionStorage.removeItem(STORAGE_KEY);
      await signIn('凭证已失效（可能已被吊销），请重新输入。已填写的内容都已保留，登录后继续办理。');
      const data = await graphql(query, variables, token());
      touch();
      return data;
    }
  }

  async function start() {
    // A credential never belongs in the address bar (history, logs, Referer): drop it unread.
    if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', location.pathname);
    if (token()) {
      try {
        const data = await graphql(ME, {}, token());
        if (!refusalFor(data.me)) {
          principal = data.me;
          touch();
          onSignedIn(principal);
          return;
        }
      } catch {
        // signed in again below
      }
      sessionStorage.removeItem(STORAGE_KEY);
    }
    await signIn('');
  }

  function signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    principal = null;
    location.reload();
  }

  // The session ends on its own after IDLE_MS without a request: ask again at once, over the form.
  setInterval(() => {
    if (principal && !token() && !dialog.open) signIn('长时间未操作，登录已过期，请重新输入凭证。已填写的内容都已保留。');
  }, 5_000);

  return {
    call,
    token,
    start,
    signIn,
    signOut,
    get principal() {
      return principal;
    },
  };
}
