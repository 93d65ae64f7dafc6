// cronbeat dashboard: the cluster page: its nodes and the queue they share.

import { api } from './api.js';
import { absolute, changed, el, relative } from './ui.js';

export function clusterPage() {
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
