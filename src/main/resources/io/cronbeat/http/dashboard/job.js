// cronbeat dashboard: a job's page: its buttons, its chart and its runs with their attempts and output.

import { api, SignInNeeded } from './api.js';
import { durationChart } from './chart.js';
import { flags, schedule } from './jobs.js';
import { $, absolute, badge, between, changed, duration, el, showError, when } from './ui.js';

const HISTORY = 50;
const LIVE_LINES = 200;

/** @param refresh redraws the page now (after a button's call) */
export function jobPage(name, refresh) {
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
