// cronbeat dashboard: a job's chart: durations and firing lag of its last runs, as inline SVG.

import { between, duration, el, svg } from './ui.js';

/** Bars: each run's duration; dots joined by a line: its firing lag (start minus the time it was due). */
export function durationChart(runs) {
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
