// The cronbeat dashboard: plain JavaScript over the node's JSON API (/api/). The page holds no
// data; every view is built here from API answers with textContent, never parsed as HTML, so a job
// name or an output line is shown as text and never runs as markup.
'use strict';

(function () {
  const TOKEN_KEY = 'cronbeat.token';
  const POLL_MS = 2000;
  const HISTORY = 50;
  const LIVE_LINES = 200;

  const $ = (id) => document.getElementById(id);

  // ---- errors: every failure ends in the banner, none is swallowed ----

  /** @param fromPoll a failed refresh: the next refresh that works clears it; any other error stays until dismissed */
  function showError(message, fromPoll) {
    $('banner-text').textContent = message;
    $('banner-text').dataset.fromPoll = fromPoll ? '1' : '';
    $('banner').hidden = false;
  }

  function clearError() {
    $('banner').hidden = true;
    $('banner-text').textContent = '';
  }

  window.addEventListener('error', (e) => showError('Script error: ' + e.message
    + (e.filename ? ' (' + e.filename.split('/').pop() + ':' + e.lineno + ')' : '')));
  window.addEventListener('unhandledrejection', (e) => showError('Script error: '
    + (e.reason && e.reason.message ? e.reason.message : String(e.reason))));

  // ---- the API, with the token this tab keeps ----

  class SignInNeeded extends Error {}

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    init.headers.Authorization = 'Bearer ' + token();
    if (init.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new Error((init.method || 'GET') + ' ' + path + ': the node does not answer (' + e.message + ');'
        + ' it may be stopped or restarting');
    }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      signIn('The node refused the token; type it again.');
      throw new SignInNeeded();
    }
    const text = await response.text();
    const json = (response.headers.get('Content-Type') || '').startsWith('application/json') && text ? JSON.parse(text) : null;
    if (!response.ok && !(response.status === 409 && json && json.run)) {
      throw new Error((init.method || 'GET') + ' ' + path + ': ' + response.status + ' '
        + (json && json.error ? json.error : text || response.statusText));
    }
    return json === null ? text : json;
  }

  // ---- small helpers: elements, times, durations ----

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    children.flat().forEach((c) => node.append(c));
    return node;
  }

  function duration(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) return '';
    const s = Math.abs(ms) / 1000;
    if (s < 10) return (Math.round(s * 10) / 10) + 's';
    if (s < 60) return Math.round(s) + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + Math.round(s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }

  function relative(iso) {
    const ms = Date.parse(iso) - Date.now();
    if (Math.abs(ms) < 1000) return 'now';
    return ms > 0 ? 'in ' + duration(ms) : duration(ms) + ' ago';
  }

  function absolute(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  /** A time shown relative ("in 4m"), kept current between polls, with the absolute one beside it. */
  function when(iso) {
    if (!iso) return el('span', { class: 'muted', text: '—' });
    return el('span', { class: 'when' },
      el('time', { datetime: iso, 'data-relative': '', title: iso, text: relative(iso) }),
      el('span', { class: 'muted abs', text: absolute(iso) }));
  }

  function tickRelativeTimes() {
    document.querySelectorAll('time[data-relative]').forEach((t) => { t.textContent = relative(t.getAttribute('datetime')); });
  }

  function badge(state) {
    return el('span', { class: 'badge state-' + String(state).toLowerCase(), text: state });
  }

  function between(from, to) {
    return from && to ? Date.parse(to) - Date.parse(from) : null;
  }

  // ---- signing in ----

  function signIn(why) {
    $('view').hidden = true;
    $('login').hidden = false;
    $('login-why').hidden = !why;
    $('login-why').textContent = why || '';
    $('token').focus();
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    $('login').hidden = true;
    $('view').hidden = false;
    route();
  });

  $('banner-close').addEventListener('click', clearError);

  // ---- pages: each builds its frame once and fills it on every poll ----

  let page = null;
  let timer = null;

  function route() {
    if (!token()) {
      signIn();
      return;
    }
    const hash = decodeURIComponent(location.hash || '#/');
    const view = $('view');
    view.replaceChildren();
    document.querySelectorAll('nav a').forEach((a) => a.removeAttribute('aria-current'));
    if (hash.startsWith('#/job/')) {
      page = jobPage(hash.slice('#/job/'.length));
    } else if (hash === '#/cluster') {
      $('nav-cluster').setAttribute('aria-current', 'page');
      page = clusterPage();
    } else {
      $('nav-jobs').setAttribute('aria-current', 'page');
      page = jobsPage();
    }
    view.append(page.frame);
    refresh();
  }

  async function refresh() {
    clearTimeout(timer);
    const current = page;
    try {
      await current.fill();
      if (current === page) {
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
        if ($('banner-text').dataset.fromPoll) clearError();
      }
    } catch (e) {
      if (e instanceof SignInNeeded) return;
      showError(e.message, true);
    }
    if (current === page) timer = setTimeout(refresh, POLL_MS);
  }

  /** Re-renders only what changed: a poll that reads the same data leaves focus and scroll alone. */
  function changed(holder, data) {
    const json = JSON.stringify(data);
    if (holder.last === json) return false;
    holder.last = json;
    return true;
  }

  // ---- the jobs page ----

  function jobsPage() {
    const filter = el('input', { id: 'filter', type: 'search', placeholder: 'Filter jobs', 'aria-label': 'Filter jobs by name or schedule' });
    const body = el('tbody', { id: 'jobs' });
    const table = el('table', { class: 'jobs' },
      el('caption', { class: 'visually-hidden', text: 'Jobs' }),
      el('thead', {}, el('tr', {}, ['Job', 'Schedule', 'Next fire', 'Last result', 'Last 20 runs', 'State']
        .map((h) => el('th', { scope: 'col', text: h })))),
      body);
    const frame = el('section', { 'aria-labelledby': 'jobs-title' },
      el('div', { class: 'title' }, el('h1', { id: 'jobs-title', text: 'Jobs' }), filter), table);
    const holder = {};
    const applyFilter = () => {
      const words = filter.value.trim().toLowerCase();
      body.querySelectorAll('tr').forEach((row) => { row.hidden = words !== '' && !row.dataset.search.includes(words); });
    };
    filter.addEventListener('input', applyFilter);
    return {
      frame,
      async fill() {
        const jobs = (await api('/api/jobs')).jobs;
        if (!changed(holder, jobs)) return;
        body.replaceChildren(...jobs.map(jobRow));
        if (jobs.length === 0) {
          body.append(el('tr', { 'data-search': '' }, el('td', { colspan: 6, class: 'muted', text: 'No jobs yet: a node adds the jobs of its schedules/ when it starts.' })));
        }
        applyFilter();
      },
    };
  }

  function jobRow(job) {
    const last = job.lastRun;
    return el('tr', { 'data-job': job.name, 'data-search': (job.name + ' ' + (job.schedule || '') + ' ' + (job.description || '')).toLowerCase() },
      el('td', { 'data-label': 'Job' }, el('a', { href: '#/job/' + encodeURIComponent(job.name), class: 'job-link', text: job.name })),
      el('td', { 'data-label': 'Schedule' }, schedule(job)),
      el('td', { 'data-label': 'Next fire' }, job.nextFireTimes.length ? when(job.nextFireTimes[0]) : el('span', { class: 'muted', text: job.paused ? 'paused' : '—' })),
      el('td', { 'data-label': 'Last result' }, last ? el('span', {}, badge(last.state), ' ', el('span', { class: 'muted', text: last.reason || '' })) : el('span', { class: 'muted', text: 'no run yet' })),
      el('td', { 'data-label': 'Last 20 runs' }, strip(job)),
      el('td', { 'data-label': 'State', class: 'flags' }, flags(job)));
  }

  function schedule(job) {
    if (!job.schedule) return el('span', { class: 'muted', text: 'runs when triggered' });
    return el('span', {}, el('code', { text: job.schedule }), el('br'),
      el('span', { class: 'muted', text: (job.description || '') + (job.zone ? ' (' + job.zone + ')' : '') }));
  }

  function flags(job) {
    const list = [];
    if (job.paused) list.push(el('span', { class: 'badge paused', text: 'paused' }));
    if (!job.enabled) list.push(el('span', { class: 'badge paused', text: 'disabled' }));
    if (job.overdue) list.push(el('span', { class: 'badge state-failed', title: 'due ' + job.overdue.due + ', overdue since ' + job.overdue.since, text: 'overdue' }));
    if (list.length === 0) list.push(el('span', { class: 'badge ok', text: 'active' }));
    return list;
  }

  /** The newest runs, oldest on the left, one mark each; the colour is the state, the mark's title says it in words. */
  function strip(job) {
    const runs = (job.recentRuns || []).slice().reverse();
    if (runs.length === 0) return el('span', { class: 'muted', text: '—' });
    return el('span', { class: 'strip', role: 'img', 'aria-label': runs.map((r) => r.state).join(', ') },
      runs.map((r) => el('span', { class: 'mark state-' + r.state.toLowerCase(), title: 'run ' + r.id + ': ' + r.state + ' ' + absolute(r.finishedAt || r.startedAt || r.scheduledAt) })));
  }

  // ---- a job's page ----

  function jobPage(name) {
    const path = '/api/jobs/' + encodeURIComponent(name);
    const heading = el('h1', { id: 'job-title', text: name });
    const facts = el('div', { class: 'facts' });
    const chart = el('div', { class: 'chart' });
    const body = el('tbody', { id: 'history' });
    const output = el('section', { id: 'full-output', hidden: true, 'aria-labelledby': 'full-output-title' });
    const opened = new Map(); // run id -> shown or not, where the user chose; else the newest run is shown
    const holders = { job: {}, runs: {} };
    const act = (label, id, call) => el('button', { type: 'button', id, onclick: () => command(call), text: label });
    const buttons = el('div', { class: 'actions' },
      act('Run now', 'run-now', () => api(path + '/runs', { method: 'POST', body: '{}' })),
      act('Pause', 'pause', () => api(path + '/pause', { method: 'POST', body: '{}' })),
      act('Resume', 'resume', () => api(path + '/resume', { method: 'POST', body: '{}' })));
    const frame = el('section', { 'aria-labelledby': 'job-title' },
      el('p', {}, el('a', { href: '#/', text: '← All jobs' })),
      el('div', { class: 'title' }, heading, buttons), facts,
      el('h2', { text: 'Durations and firing lag' }), chart,
      el('h2', { text: 'History' }),
      el('div', { class: 'scroll' }, el('table', { class: 'history' },
        el('thead', {}, el('tr', {}, ['Run', 'State', 'Fired for', 'Started', 'Duration', 'Attempts', 'Exit', 'Node', 'Reason', '']
          .map((h) => el('th', { scope: 'col', text: h })))),
        body)),
      output);
    let live = new Map();

    async function fill() {
      const [job, page] = await Promise.all([api(path), api('/api/runs?job=' + encodeURIComponent(name) + '&limit=' + HISTORY)]);
      live = new Map();
      for (const run of page.runs.filter((r) => r.state === 'RUNNING')) {
        live.set(run.id, await api('/api/runs/' + run.id + '/output?tail=' + LIVE_LINES).catch((e) => 'output unavailable: ' + e.message));
      }
      if (changed(holders.job, job)) {
        facts.replaceChildren(
          el('p', {}, flags(job)),
          el('dl', {},
            el('dt', { text: 'Schedule' }), el('dd', {}, schedule(job)),
            el('dt', { text: 'Next fire' }), el('dd', {}, job.nextFireTimes.length ? when(job.nextFireTimes[0]) : el('span', { class: 'muted', text: '—' })),
            el('dt', { text: 'Last result' }), el('dd', {}, job.lastRun ? badge(job.lastRun.state) : el('span', { class: 'muted', text: 'no run yet' }))));
        $('pause').disabled = job.paused;
        $('resume').disabled = !job.paused;
      }
      if (changed(holders.runs, [page.runs, [...live]])) {
        body.replaceChildren(...page.runs.flatMap((run, i) => runRows(run, i === 0)));
        chart.replaceChildren(durationChart(page.runs));
      }
    }

    function runRows(run, newest) {
      const isOpen = opened.has(run.id) ? opened.get(run.id) : newest;
      const toggle = el('button', { type: 'button', class: 'link', 'aria-expanded': String(isOpen), text: isOpen ? 'Hide' : 'Details',
        onclick: () => { opened.set(run.id, !isOpen); holders.runs.last = null; refresh(); } });
      const cancellable = run.state === 'QUEUED' || run.state === 'RUNNING';
      const row = el('tr', { 'data-run': run.id, class: 'run' },
        el('td', { 'data-label': 'Run', text: '#' + run.id + (run.kind !== 'scheduled' ? ' (' + run.kind + ')' : '') }),
        el('td', { 'data-label': 'State' }, badge(run.state)),
        el('td', { 'data-label': 'Fired for' }, run.scheduledAt ? el('span', { title: run.scheduledAt, text: absolute(run.scheduledAt) }) : el('span', { class: 'muted', text: 'due ' + absolute(run.dueAt) })),
        el('td', { 'data-label': 'Started', title: run.startedAt || '', text: absolute(run.startedAt) }),
        el('td', { 'data-label': 'Duration', text: duration(between(run.startedAt, run.finishedAt || (run.state === 'RUNNING' ? new Date().toISOString() : null))) }),
        el('td', { 'data-label': 'Attempts', text: run.attemptCount + ' / ' + run.attemptLimit }),
        el('td', { 'data-label': 'Exit', text: run.exitCode === null ? '' : String(run.exitCode) }),
        el('td', { 'data-label': 'Node', text: run.node || '' }),
        el('td', { 'data-label': 'Reason', class: 'reason', text: run.reason || '' }),
        el('td', { class: 'row-actions' }, toggle,
          cancellable ? el('button', { type: 'button', class: 'cancel', onclick: () => command(() => api('/api/runs/' + run.id + '/cancel', { method: 'POST', body: '{}' })), text: 'Cancel' }) : null));
      if (!isOpen) return [row];
      return [row, el('tr', { class: 'details', 'data-run-details': run.id }, el('td', { colspan: 10 }, attempts(run)))];
    }

    function attempts(run) {
      const list = el('ol', { class: 'attempts' }, run.attempts.map((a) => el('li', {},
        el('span', { text: 'attempt ' + a.attempt + ' on ' + (a.node || '?') + ': ' }),
        a.outcome ? badge(a.outcome) : badge('RUNNING'),
        el('span', { class: 'muted', text: ' ' + [a.exitCode !== null ? 'exit ' + a.exitCode : '', duration(between(a.startedAt, a.finishedAt)), a.reason || ''].filter(Boolean).join(' · ') }))));
      const last = run.attempts[run.attempts.length - 1];
      const text = live.has(run.id) ? live.get(run.id) : last ? last.outputTail : null;
      const parts = [list];
      if (text !== null && text !== undefined) {
        parts.push(el('p', { class: 'muted', text: live.has(run.id) ? 'Output (live, last ' + LIVE_LINES + ' lines):' : 'Output (last lines):' }),
          el('pre', { class: 'output', 'data-output': run.id, tabindex: 0, text: text || '(no output)' }),
          el('button', { type: 'button', class: 'link', onclick: () => full(run.id), text: 'Full output' }));
      } else if (run.attempts.length === 0) {
        parts.push(el('p', { class: 'muted', text: 'Not started yet.' }));
      }
      return parts;
    }

    async function full(id) {
      const text = await api('/api/runs/' + id + '/output').catch((e) => { showError(e.message); return null; });
      if (text === null) return;
      output.hidden = false;
      output.replaceChildren(el('h2', { id: 'full-output-title', tabindex: -1, text: 'Output of run #' + id }),
        el('button', { type: 'button', onclick: () => { output.hidden = true; }, text: 'Close' }),
        el('pre', { class: 'output full', tabindex: 0, text: text || '(no output)' }));
      $('full-output-title').focus();
    }

    async function command(call) {
      try {
        await call();
      } catch (e) {
        if (!(e instanceof SignInNeeded)) showError(e.message);
        return;
      }
      refresh();
    }

    return { frame, fill };
  }

  /** Bars: each run's duration; dots joined by a line: its firing lag (start minus the time it was due). */
  function durationChart(runs) {
    const points = runs.filter((r) => r.startedAt).slice().reverse().map((r) => ({
      id: r.id,
      duration: between(r.startedAt, r.finishedAt) || 0,
      lag: Math.max(0, between(r.scheduledAt || r.dueAt, r.startedAt) || 0),
      state: r.state,
    }));
    if (points.length === 0) return el('p', { class: 'muted', text: 'No run has started yet.' });
    const width = 640, height = 160, pad = 28;
    const top = Math.max(1, ...points.map((p) => Math.max(p.duration, p.lag)));
    const step = Math.min(40, (width - 2 * pad) / points.length); // a few runs stay bars, not one wide block
    const y = (v) => height - pad - (v / top) * (height - 2 * pad);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', class: 'plot', 'aria-labelledby': 'chart-title' },
      svg('title', { id: 'chart-title', text: 'Durations (bars) and firing lag (line) of the last ' + points.length + ' runs; the longest is ' + duration(top) }),
      svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }),
      svg('text', { x: 2, y: pad - 6, class: 'label', text: duration(top) }),
      svg('text', { x: 2, y: height - pad + 4, class: 'label', text: '0' }),
      points.map((p, i) => svg('rect', { x: pad + i * step + step * 0.15, y: y(p.duration), width: Math.max(1, step * 0.7), height: Math.max(1, height - pad - y(p.duration)), class: 'bar state-' + p.state.toLowerCase() },
        svg('title', { text: 'run ' + p.id + ': ran ' + duration(p.duration) + ', started ' + duration(p.lag) + ' late' }))),
      svg('polyline', { class: 'lag', points: points.map((p, i) => (pad + i * step + step / 2) + ',' + y(p.lag)).join(' ') }),
      points.map((p, i) => svg('circle', { class: 'lag-dot', cx: pad + i * step + step / 2, cy: y(p.lag), r: 3 })),
      svg('text', { x: pad, y: height - 8, class: 'label', text: 'oldest' }),
      svg('text', { x: width - pad, y: height - 8, class: 'label end', text: 'newest' }));
    return el('figure', {}, chart, el('figcaption', { class: 'muted' },
      el('span', { class: 'key bar-key', 'aria-hidden': 'true' }), ' duration  ',
      el('span', { class: 'key lag-key', 'aria-hidden': 'true' }), ' firing lag (how late it started)'));
  }

  // ---- the cluster page ----

  function clusterPage() {
    const body = el('tbody', { id: 'nodes' });
    const queue = el('p', { id: 'queue' });
    const frame = el('section', { 'aria-labelledby': 'cluster-title' },
      el('h1', { id: 'cluster-title', text: 'Cluster' }), queue,
      el('div', { class: 'scroll' }, el('table', { class: 'nodes' },
        el('thead', {}, el('tr', {}, ['Node', 'Labels', 'Host', 'Heartbeat', 'Running attempts', 'Started']
          .map((h) => el('th', { scope: 'col', text: h })))),
        body)));
    const holder = {};
    return {
      frame,
      async fill() {
        const answer = await api('/api/nodes');
        if (!changed(holder, answer)) return;
        queue.textContent = 'Queue depth: ' + answer.queued + ' run' + (answer.queued === 1 ? '' : 's') + ' queued, not yet started (one queue for the whole cluster).';
        body.replaceChildren(...answer.nodes.map((n) => el('tr', { 'data-node': n.id },
          el('td', { 'data-label': 'Node' }, el('span', {}, n.alive ? el('span', { class: 'badge ok', text: 'alive' }) : el('span', { class: 'badge state-failed', text: 'silent' }), ' ', n.id)),
          el('td', { 'data-label': 'Labels' }, labels(n.labels)),
          el('td', { 'data-label': 'Host', text: n.host + ' (pid ' + n.pid + ')' }),
          el('td', { 'data-label': 'Heartbeat' }, el('time', { datetime: n.heartbeatAt, 'data-relative': '', title: n.heartbeatAt, text: relative(n.heartbeatAt) })),
          el('td', { 'data-label': 'Running attempts', text: String(n.runningAttempts) }),
          el('td', { 'data-label': 'Started', title: n.startedAt, text: absolute(n.startedAt) }))));
        if (answer.nodes.length === 0) body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No node is running.' })));
      },
    };
  }

  /** A node's labels, whether the API gives them as a map or a list. */
  function labels(value) {
    if (!value) return el('span', { class: 'muted', text: '—' });
    const items = Array.isArray(value) ? value.map(String) : Object.entries(value).map(([k, v]) => k + '=' + v);
    if (items.length === 0) return el('span', { class: 'muted', text: '—' });
    return items.map((t) => el('span', { class: 'chip', text: t }));
  }

  window.addEventListener('hashchange', route);
  setInterval(tickRelativeTimes, 1000);
  route();
})();
