// cronbeat dashboard: the jobs page: every job with its schedule, next fire, last result and newest runs.

import { api } from './api.js';
import { absolute, badge, changed, el, when } from './ui.js';

export function jobsPage() {
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

export function schedule(job) {
  if (!job.schedule) return el('span', { class: 'muted', text: 'runs when triggered' });
  return el('span', {}, el('code', { text: job.schedule }), el('br'),
    el('span', { class: 'muted', text: (job.description || '') + (job.zone ? ' (' + job.zone + ')' : '') }));
}

export function flags(job) {
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
