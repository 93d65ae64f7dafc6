// cronbeat dashboard: what every page uses: the banner, elements built as text (never parsed as
// HTML, so a job name or an output line can never become markup), times and durations.

export const $ = (id) => document.getElementById(id);

/** @param fromPoll a failed refresh: the next refresh that works clears it; any other error stays until dismissed */
export function showError(message, fromPoll) {
  $('banner-text').textContent = message;
  $('banner-text').dataset.fromPoll = fromPoll ? '1' : '';
  $('banner').hidden = false;
}

export function clearError() {
  $('banner').hidden = true;
  $('banner-text').textContent = '';
}

export function el(tag, attributes, ...children) {
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
export function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value);
  }
  children.flat().forEach((c) => node.append(c));
  return node;
}

export function duration(ms) {
  if (ms === null || ms === undefined || isNaN(ms)) return '';
  const s = Math.abs(ms) / 1000;
  if (s < 10) return (Math.round(s * 10) / 10) + 's';
  if (s < 60) return Math.round(s) + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + Math.floor(s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

export function relative(iso) {
  const ms = Date.parse(iso) - Date.now();
  if (Math.abs(ms) < 1000) return 'now';
  return ms > 0 ? 'in ' + duration(ms) : duration(ms) + ' ago';
}

export function absolute(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A time shown relative ("in 4m"), kept current between polls, with the absolute one beside it. */
export function when(iso) {
  if (!iso) return el('span', { class: 'muted', text: '—' });
  return el('span', { class: 'when' },
    el('time', { datetime: iso, 'data-relative': '', title: iso, text: relative(iso) }),
    el('span', { class: 'muted abs', text: absolute(iso) }));
}

export function tickRelativeTimes() {
  document.querySelectorAll('time[data-relative]').forEach((t) => { t.textContent = relative(t.getAttribute('datetime')); });
}

export function badge(state) {
  return el('span', { class: 'badge state-' + String(state).toLowerCase(), text: state });
}

export function between(from, to) {
  return from && to ? Date.parse(to) - Date.parse(from) : null;
}

/** Re-renders only what changed: a poll that reads the same data leaves focus and scroll alone. */
export function changed(holder, data) {
  const json = JSON.stringify(data);
  if (holder.last === json) return false;
  holder.last = json;
  return true;
}
