/*
 * 多证合一 hand-over, watched live: the USCC, the certificates the licence integrates, and each
 * receiving department's receipt, which the registrationHandOver subscription (graphql-ws) moves
 * from PENDING to DELIVERED, ACKNOWLEDGED or FAILED as the departments' systems answer. A failed
 * hand-over can be sent again by an administrator only (replayDelivery needs ADMIN): the button is
 * shown to no one else.
 */
import { RECEIPT_LABELS, REGISTRATION_KIND_LABELS } from './messages.js';

const WATCH = `subscription HandOver($id: ID!) {
  registrationHandOver(id: $id) {
    id
    receipts { id status lastError nextAttemptAt updatedAt certificateCodes department { code name } }
  }
}`;
const DEAD_LETTERS = `query DeadLetters($filter: DeliveryFilterInput) { deliveries(filter: $filter, first: 20) { nodes { id status } } }`;
const REPLAY = `mutation Replay($id: ID!) { replayDelivery(id: $id) { id status } }`;

export function createHandOver({ session }) {
  let client = null;
  let stopWatching = null;
  let current = null;

  function socket() {
    if (client) return client;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    client = graphqlWs.createClient({
      url,
      lazy: true,
      connectionParams: () => ({ authorization: `Bearer ${session.token() || ''}` }),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** retries))),
      on: {
        connected: () => setLink('open', '实时更新中'),
        closed: (event) => {
          setLink('retrying', '连接中断，正在重连…');
          // 4403: the hub closed the socket because the credential was revoked; only a new one helps.
          if (event && event.code === 4403) session.signIn('凭证已被吊销或已失效，请重新输入。已填写的内容都已保留。');
        },
      },
    });
    return client;
  }

  function setLink(state, text) {
    for (const badge of document.querySelectorAll('[data-role="link"]')) {
      badge.dataset.state = state;
      badge.textContent = text;
    }
  }

  /** Shows the registration in `container` and follows its receipts until another one is shown. */
  function show(container, { enterprise, registration }) {
    if (stopWatching) stopWatching();
    current = { container, shown: { enterprise, registration } };
    container.hidden = false;
    container.replaceChildren();
    container.dataset.registrationId = registration.id;
    const heading = element('h3', {}, `${REGISTRATION_KIND_LABELS[registration.kind] || ''}登记 · 部门送达`);
    const uscc = element(
      'p',
      { className: 'uscc' },
      element('span', {}, '统一社会信用代码'),
      element('strong', { id: 'result-uscc' }, enterprise.uscc),
    );
    const name = element('p', { className: 'name' }, enterprise.name);
    const certificates = element(
      'ul',
      { className: 'certificates' },
      ...(registration.certificates || []).map((certificate) =>
        element(
          'li',
          { dataset: { code: certificate.code } },
          `${certificate.name}`,
          element('small', {}, ` ${certificate.departmentCode}`),
        ),
      ),
    );
    const link = element('p', { className: 'link', dataset: { role: 'link', state: 'connecting' } }, '连接中…');
    const rows = element('tbody', {});
    const table = element(
      'table',
      { className: 'receipts' },
      element('caption', {}, '各部门接收情况'),
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', { scope: 'col' }, '接收部门'),
          element('th', { scope: 'col' }, '证照'),
          element('th', { scope: 'col' }, '状态'),
          element('th', { scope: 'col' }, '说明'),
        ),
      ),
      rows,
    );
    const note = element('p', { className: 'form-message', role: 'alert' });
    container.append(heading, uscc, name, element('h4', {}, '多证合一：营业执照整合的证照'), certificates, link, table, note);

    const certificateNames = new Map((registration.certificates || []).map((certificate) => [certificate.code, certificate.name]));
    const update = (receipts) => {
      rows.replaceChildren(...receipts.map((receipt) => receiptRow(receipt, enterprise, note, certificateNames)));
      container.dataset.updatedAt = String(Date.now());
    };
    if (registration.receipts) update(registration.receipts);
    stopWatching = socket().subscribe(
      { query: WATCH, variables: { id: registration.id } },
      {
        next: (result) => {
          if (result.data) update(result.data.registrationHandOver.receipts);
          else if (result.errors) note.textContent = '无法获取送达状态：' + result.errors.map((error) => error.message).join('；');
        },
        error: () => setLink('retrying', '连接中断，正在重连…'),
        complete: () => {},
      },
    );
  }

  function receiptRow(receipt, enterprise, note, certificateNames) {
    const status = element(
      'td',
      { className: 'status' },
      element('span', { className: 'badge', dataset: { status: receipt.status } }, RECEIPT_LABELS[receipt.status] || receipt.status),
    );
    const reason = receipt.lastError && receipt.lastError.length > 60 ? `${receipt.lastError.slice(0, 60)}…` : receipt.lastError;
    const detail = element(
      'td',
      {},
      reason ? element('span', { className: 'reason', title: receipt.lastError }, `原因：${reason}`) : null,
      receipt.nextAttemptAt
        ? element(
            'span',
            { className: 'reason' },
            ` 下次重试 ${new Date(receipt.nextAttemptAt).toLocaleTimeString('zh-CN', { hour12: false })}`,
          )
        : null,
    );
    const admin = session.principal && session.principal.roles.includes('ADMIN');
    if (receipt.status === 'FAILED' && admin) {
      const button = element('button', { type: 'button', className: 'retry' }, '重新送达');
      button.addEventListener('click', () => retry(button, receipt, enterprise, note));
      detail.append(' ', button);
    }
    return element(
      'tr',
      { dataset: { department: receipt.department.code, status: receipt.status } },
      element('th', { scope: 'row' }, receipt.department.name),
      element('td', {}, receipt.certificateCodes.map((code) => certificateNames.get(code) || code).join('、')),
      status,
      detail,
    );
  }

  async function retry(button, receipt, enterprise, note) {
    button.disabled = true;
    try {
      const data = await session.call(DEAD_LETTERS, {
        filter: { aggregateKey: enterprise.uscc, departmentCode: receipt.department.code, status: 'DEAD' },
      });
      for (const delivery of data.deliveries.nodes) await session.call(REPLAY, { id: delivery.id });
      note.textContent = data.deliveries.nodes.length
        ? `已重新送达 ${receipt.department.name}（${data.deliveries.nodes.length} 条）`
        : '没有待重新送达的记录';
    } catch (error) {
      note.textContent = `重新送达失败：${error.message}`;
      button.disabled = false;
    }
  }

  /** After signing in again the socket must carry the new credential: the watch starts over on a new one. */
  function reconnect() {
    if (stopWatching) stopWatching();
    stopWatching = null;
    if (client) client.dispose();
    client = null;
    if (current && current.container.isConnected) show(current.container, current.shown);
  }

  return { show, reconnect };
}

/** A DOM element with properties (dataset merged) and children; text is always text, never HTML. */
export function element(tag, properties, ...children) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = properties || {};
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}
