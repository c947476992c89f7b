// Pieces several views share: the live-data wiring and the health filter control.
import { h } from '../dom.js';
import { watch } from '../api.js';
import { errorPanel } from '../errors.js';

/**
 * Watches `path` for a view: renders `onData` on each change, shows a full error panel when nothing loaded yet,
 * or the banner ("live updates paused") when data is on screen and a later request fails.
 */
export function live(ctx, path, { query, onData, allow404 = false, container }) {
  let loaded = false;
  watch(path, {
    query,
    allow404,
    signal: ctx.signal,
    onData: (data, meta) => {
      loaded = true;
      ctx.banner(null);
      onData(data, meta);
    },
    onRecover: () => ctx.banner(null),
    onError: (err, retryIn) => {
      if (loaded) ctx.banner(err, retryIn);
      else (container ?? ctx.main).replaceChildren(errorPanel(err, { retry: () => location.reload() }));
    },
  });
}

/** A group of toggle buttons (All / Passing / Warning / Critical); `onChange(value)`. */
export function healthFilter(value, counts, onChange) {
  const opts = [['', 'All'], ['passing', 'Passing'], ['warning', 'Warning'], ['critical', 'Critical']];
  const group = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Filter by health' });
  const buttons = opts.map(([v, label]) => h('button', {
    type: 'button', class: v ? `seg status-${v}` : 'seg', 'aria-pressed': String(v === value), dataset: { value: v },
    onclick: () => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === buttons[opts.findIndex(o => o[0] === v)]));
      onChange(v);
    },
  }, label, h('span', { class: 'seg-count' })));
  group.append(...buttons);
  group.setCounts = c => {
    buttons.forEach((b, i) => { b.querySelector('.seg-count').textContent = c ? String(c[opts[i][0] || 'all'] ?? '') : ''; });
  };
  group.setCounts(counts);
  return group;
}

/** A search box with an accessible label. */
export function searchBox(label, value, onInput, placeholder) {
  const input = h('input', { type: 'search', value, placeholder: placeholder ?? label, 'aria-label': label, autocomplete: 'off', spellcheck: 'false', oninput: () => onInput(input.value) });
  return h('div', { class: 'search' }, input);
}

/** Keeps view filters in the URL query (?q=..&status=..) so filtered pages can be shared and survive reloads. */
export function syncQuery(values) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v) params.set(k, v);
    else params.delete(k);
  }
  const qs = params.toString();
  history.replaceState(null, '', location.pathname + (qs ? '?' + qs : ''));
}

export const queryParam = name => new URLSearchParams(location.search).get(name) ?? '';
