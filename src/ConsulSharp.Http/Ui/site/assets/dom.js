// Small DOM helpers. Every value from the API goes in as text (never innerHTML), so KV values, tags and check
// output cannot inject markup.

/** h('a', {href, class, onclick, 'aria-label'}, ...children): children may be strings, nodes, arrays, null/false. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const ICONS = {
  passing: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  warning: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  critical: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
  maintenance: 'M22.7 19 13.6 9.9c.9-2.3.4-5-1.5-6.9-2-2-5-2.4-7.4-1.3L9 6 6 9 1.6 4.7C.4 7.1.9 10.1 2.9 12.1c1.9 1.9 4.6 2.4 6.9 1.5l9.1 9.1c.4.4 1 .4 1.4 0l2.3-2.3c.5-.4.5-1.1.1-1.4z',
  folder: 'M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2z',
  key: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z',
  star: 'M12 17.3 18.2 21l-1.6-7L22 9.2l-7.2-.6L12 2 9.2 8.6 2 9.2 7.5 14l-1.7 7z',
  search: 'M15.5 14h-.8l-.3-.3A6.5 6.5 0 1 0 14 15.5l.3.3v.8l5 5 1.5-1.5-5-5zm-6 0a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9z',
  lock: 'M18 8h-1V6a5 5 0 0 0-10 0v2H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V10a2 2 0 0 0-2-2zM9 6a3 3 0 0 1 6 0v2H9V6z',
  plus: 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z',
  unknown: 'M11 18h2v-2h-2v2zm1-16a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm0-14a4 4 0 0 0-4 4h2a2 2 0 1 1 4 0c0 2-3 1.8-3 5h2c0-2.3 3-2.5 3-5a4 4 0 0 0-4-4z',
};

/** An inline SVG icon, hidden from assistive technology (the text beside it carries the meaning). */
export function icon(name, size = 16) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', size);
  svg.setAttribute('height', size);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon icon-' + name);
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', ICONS[name] ?? ICONS.unknown);
  svg.append(path);
  return svg;
}

export const STATUS_ORDER = { critical: 0, maintenance: 0, warning: 1, passing: 2 };

/** The worst of a list of check statuses ("passing" for none); maintenance counts as critical, as Consul does. */
export function worstStatus(checks) {
  let worst = 'passing';
  for (const c of checks) {
    const s = typeof c === 'string' ? c : c.Status;
    if (s === 'critical' || s === 'maintenance') return 'critical';
    if (s === 'warning') worst = 'warning';
  }
  return worst;
}

const STATUS_LABEL = { passing: 'Passing', warning: 'Warning', critical: 'Critical', maintenance: 'Maintenance' };

/** A status pill: icon + word, so status never depends on colour alone. */
export function statusBadge(status, text) {
  const s = STATUS_LABEL[status] ? status : 'unknown';
  return h('span', { class: `badge status-${s}` }, icon(s === 'unknown' ? 'unknown' : s, 14), text ?? STATUS_LABEL[s] ?? status);
}

/** Counts as three small pills ("3 passing", "1 warning", "2 critical"); zero counts are dimmed, not hidden. */
export function healthCounts(passing, warning, critical, noun = '') {
  const pill = (n, s) => h('span', { class: ['count', `status-${s}`, n === 0 && 'zero'], title: `${n} ${noun}${s}`.trim() },
    icon(s, 13), h('span', { class: 'count-n' }, String(n)), h('span', { class: 'visually-hidden' }, ` ${noun}${s}`));
  return h('span', { class: 'counts' }, pill(passing, 'passing'), pill(warning, 'warning'), pill(critical, 'critical'));
}

export function tagList(tags, max = Infinity) {
  if (!tags || tags.length === 0) return null;
  const shown = tags.slice(0, max);
  return h('ul', { class: 'tags', 'aria-label': 'Tags' }, shown.map(t => h('li', { class: 'tag' }, t)),
    tags.length > shown.length ? h('li', { class: 'tag more' }, `+${tags.length - shown.length}`) : null);
}

/** A definition list of a string map (service meta, node meta, tagged addresses). */
export function metaList(map, empty = 'None') {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) return h('p', { class: 'muted' }, empty);
  return h('dl', { class: 'meta' }, entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]));
}

export function plural(n, one, many = one + 's') {
  return `${n} ${n === 1 ? one : many}`;
}

/** The empty / not-found state of a page. */
export function emptyState(title, text, ...actions) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), text ? h('p', null, text) : null,
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

export function loading(text = 'Loading…') {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

let liveTimer;
/** Announces a short message to screen readers (and keeps it for tests to read). */
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = text;
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => { live.textContent = ''; }, 4000);
}

/** A transient message in the corner ("Saved"), also announced. */
export function toast(text, kind = 'ok') {
  let host = document.querySelector('.toasts');
  if (!host) {
    host = h('div', { class: 'toasts' });
    document.body.append(host);
  }
  const el = h('div', { class: `toast toast-${kind}`, role: 'status' }, text);
  host.append(el);
  setTimeout(() => el.remove(), 3500);
}

/**
 * A modal confirmation built on <dialog> (focus is trapped, Escape cancels). Resolves true when confirmed.
 * `body` may be a string or nodes.
 */
export function confirmDialog({ title, body, confirm = 'Confirm', danger = false }) {
  return new Promise(resolve => {
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': 'dlg-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'dlg-title' }, title),
        h('div', { class: 'dialog-body' }, body),
        h('div', { class: 'actions' },
          h('button', { value: 'cancel', class: 'btn', type: 'submit' }, 'Cancel'),
          h('button', { value: 'ok', class: ['btn', danger ? 'btn-danger' : 'btn-primary'], type: 'submit' }, confirm))));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(dlg.returnValue === 'ok'); });
    document.body.append(dlg);
    dlg.showModal();
    dlg.querySelector('button[value=cancel]').focus();
  });
}

export function formatDuration(ns) {
  if (!ns) return '0s';
  const s = ns / 1e9;
  if (s < 1) return `${Math.round(ns / 1e6)}ms`;
  if (s < 60) return `${+s.toFixed(2)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s % 60)}s`;
}
