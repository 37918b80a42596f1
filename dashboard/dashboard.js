/*
 * The hall screen. It reads a DASHBOARD credential once (from `?token=…`, or typed into the form),
 * keeps it in this browser's localStorage so a reload or a power cut does not need it again, and
 * removes it from the address bar. Figures come over graphql-ws (liveCounts, caseAlerts); the
 * client reconnects by itself, forever, after a hub restart or a network drop, and re-subscribes.
 */
(function () {
  'use strict';
  const TOKEN_KEY = 'hub.dashboard.token';
  // Served by the hub (/fonts/noto-sans-sc.css): Chinese renders on a screen without any CJK font.
  const CJK_FONT = '"Noto Sans SC", sans-serif';
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    localStorage.setItem(TOKEN_KEY, params.get('token'));
    params.delete('token');
    history.replaceState(null, '', location.pathname + (params.toString() ? `?${params}` : ''));
  }
  const scope = { departmentCode: params.get('department') || null, divisionCode: params.get('division') || null };
  const $ = (id) => document.getElementById(id);

  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) {
    showLogin();
    return;
  }
  start();

  function showLogin(message) {
    $('login').hidden = false;
    $('board').hidden = true;
    $('login-error').textContent = message || '';
    $('login').onsubmit = (event) => {
      event.preventDefault();
      localStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
      location.reload();
    };
  }

  function start() {
    $('board').hidden = false;
    $('scope').textContent = scope.departmentCode
      ? `部门 ${scope.departmentCode}`
      : scope.divisionCode
        ? `区划 ${scope.divisionCode}`
        : '全中心';
    const byHour = echarts.init($('by-hour'), 'dark', { renderer: 'canvas' });
    const byDepartment = echarts.init($('by-department'), 'dark', { renderer: 'canvas' });
    addEventListener('resize', () => {
      byHour.resize();
      byDepartment.resize();
    });
    // The charts draw on a canvas, which uses the hub's CJK font only once it has loaded: draw again then.
    const textStyle = { fontFamily: CJK_FONT };
    document.fonts.load(`14px ${CJK_FONT}`, '受理办结超期时').then(
      () => {
        byHour.setOption({ textStyle });
        byDepartment.setOption({ textStyle });
      },
      () => {},
    );
    const hours = Array.from({ length: 24 }, (_, hour) => `${hour}时`);
    byHour.setOption({
      backgroundColor: 'transparent',
      textStyle,
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: hours },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: '受理', data: new Array(24).fill(0), itemStyle: { color: '#3fb6ff' } }],
    });
    byDepartment.setOption({
      backgroundColor: 'transparent',
      textStyle,
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: [] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: '受理', data: [] },
        { type: 'bar', name: '办结', data: [] },
        { type: 'bar', name: '超期', data: [], itemStyle: { color: '#ff7a59' } },
      ],
    });

    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    const client = graphqlWs.createClient({
      url: wsUrl,
      connectionParams: () => ({ authorization: `Bearer ${localStorage.getItem(TOKEN_KEY)}` }),
      lazy: false,
      keepAlive: 10000,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      // At most 5 s between attempts, so the screen is back within seconds of the hub.
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** retries) + Math.random() * 250)),
      on: {
        connecting: () => setConnection('connecting', '连接中'),
        connected: () => {
          setConnection('open', '已连接');
          refreshMonth();
          loadAlerts();
        },
        closed: (event) => {
          // 4403: the hub refused the credential (unknown, revoked or not a screen's); retrying cannot help.
          if (event && event.code === 4403) showErrors([{ extensions: { code: 'FORBIDDEN' } }]);
          else setConnection('retrying', '重连中');
        },
      },
    });

    client.subscribe(
      {
        query: `subscription L($scope: LiveCountsScopeInput) { liveCounts(scope: $scope) {
          date casesAccepted casesCompleted casesOverdue casesAcceptedByHour registrations licencesIssued trades tradeAmount } }`,
        variables: { scope },
      },
      {
        next: (result) => (result.data ? showCounts(result.data.liveCounts) : showErrors(result.errors)),
        error: showErrors,
        complete: () => {},
      },
    );
    client.subscribe(
      {
        query:
          'subscription A($departmentCode: String) { caseAlerts(departmentCode: $departmentCode) { kind caseNo departmentCode matterName dueOn } }',
        variables: { departmentCode: scope.departmentCode },
      },
      { next: (result) => result.data && addAlert(result.data.caseAlerts, true), error: showErrors, complete: () => {} },
    );

    let monthRefreshedAt = 0;
    let monthRefresh = null;
    function showCounts(counts) {
      for (const key of ['casesAccepted', 'casesCompleted', 'casesOverdue', 'registrations', 'licencesIssued', 'trades'])
        $(key).textContent = String(counts[key]);
      $('tradeAmount').textContent = `${formatYuan(counts.tradeAmount)} 元`;
      $('date').textContent = counts.date;
      byHour.setOption({ series: [{ data: counts.casesAcceptedByHour }] });
      document.body.dataset.updatedAt = String(Date.now());
      // The month's chart is a heavier query: at most every two seconds, and once after the last change.
      if (!monthRefresh)
        monthRefresh = setTimeout(
          () => {
            monthRefresh = null;
            refreshMonth();
          },
          Math.max(0, monthRefreshedAt + 2000 - Date.now()),
        );
    }

    async function query(text, variables) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem(TOKEN_KEY)}` },
        body: JSON.stringify({ query: text, variables }),
      });
      const body = await response.json();
      if (body.errors) throw body.errors;
      return body.data;
    }

    async function refreshMonth() {
      monthRefreshedAt = Date.now();
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      try {
        const data = await query(
          `query M($filter: CaseStatsFilter!) { caseStats(filter: $filter) { byDepartment { departmentCode departmentName accepted completed overdue } } }`,
          { filter: { from: `${today.slice(0, 8)}01`, to: today, departmentCode: scope.departmentCode, divisionCode: scope.divisionCode } },
        );
        const rows = data.caseStats.byDepartment;
        byDepartment.setOption({
          xAxis: { data: rows.map((row) => row.departmentName.replace(/^广元市昭化区|^国家税务总局广元市昭化区|^广元市公安局昭化区/, '')) },
          series: [
            { data: rows.map((row) => row.accepted) },
            { data: rows.map((row) => row.completed) },
            { data: rows.map((row) => row.overdue) },
          ],
        });
        $('by-department').dataset.accepted = String(rows.reduce((sum, row) => sum + row.accepted, 0));
      } catch (errors) {
        showErrors(errors);
      }
    }

    async function loadAlerts() {
      try {
        const data = await query(
          'query A($departmentCode: String) { caseAlerts(departmentCode: $departmentCode) { kind caseNo departmentCode matterName dueOn } }',
          { departmentCode: scope.departmentCode },
        );
        $('alerts').replaceChildren();
        for (const alert of data.caseAlerts.slice(0, 50)) addAlert(alert, false);
      } catch (errors) {
        showErrors(errors);
      }
    }

    function addAlert(alert, newest) {
      const item = document.createElement('li');
      item.dataset.kind = alert.kind;
      item.dataset.caseNo = alert.caseNo;
      const cell = (className, text) => {
        const span = document.createElement('span');
        span.className = className;
        span.textContent = text;
        item.append(span);
      };
      cell('kind', alert.kind === 'OVERDUE' ? '超期' : '今日到期');
      cell('case', alert.caseNo);
      cell('department', alert.departmentCode);
      cell('matter', alert.matterName);
      cell('due', `时限 ${alert.dueOn}`);
      const list = $('alerts');
      list.querySelector(`[data-case-no="${CSS.escape(alert.caseNo)}"][data-kind="${alert.kind}"]`)?.remove();
      if (newest) list.prepend(item);
      else list.append(item);
      while (list.children.length > 50) list.lastElementChild.remove();
    }

    function setConnection(state, text) {
      const badge = $('connection');
      badge.dataset.state = state;
      badge.textContent = text;
    }

    function showErrors(errors) {
      const list = Array.isArray(errors) ? errors : [errors];
      const codes = list.map((error) => error && error.extensions && error.extensions.code);
      if (codes.includes('UNAUTHENTICATED') || codes.includes('FORBIDDEN') || list.some((error) => error && error.code === 4403)) {
        localStorage.removeItem(TOKEN_KEY);
        client.dispose();
        showLogin('凭证无效或无权查看，请重新输入 DASHBOARD 凭证。');
      } else {
        console.error(errors);
      }
    }
  }

  function formatYuan(value) {
    const [whole, fraction] = String(value).split('.');
    return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction || '00'}`;
  }
})();
