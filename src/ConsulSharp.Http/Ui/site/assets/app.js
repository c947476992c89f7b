// The shell: routing on Consul's URL scheme (/ui/<dc>/services/<name>, /ui/<dc>/nodes/<node>, /ui/<dc>/kv/<path>),
// the datacenter switcher, the main navigation and the connection banner. Views live in views/*.js; each gets a
// context with an AbortSignal that fires when the operator navigates away (it ends the view's blocking queries).

import { h, loading } from './dom.js';
import { context, get, request, ApiError } from './api.js';
import { errorPanel, describeError } from './errors.js';
import { servicesView } from './views/services.js';
import { serviceView } from './views/service.js';
import { nodesView } from './views/nodes.js';
import { nodeView } from './views/node.js';
import { kvView } from './views/kv.js';
import { settingsView } from './views/settings.js';

const BASE = new URL(document.baseURI).pathname; // the content path, "/ui/" unless configured otherwise
const main = document.getElementById('main');
const dcSelect = document.getElementById('dc-select');
let current = null; // AbortController of the view on screen
let localDc = null;
let datacenters = null;

/** The href of an app path ("dc1/services/web"), absolute so it works from any depth. */
export const href = path => BASE + path.replace(/^\//, '');

export function navigate(path, { replace = false } = {}) {
  const url = path.startsWith('/') ? path : href(path);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render({ focus: !replace });
}

function segments() {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname.replace(/^\//, '');
  return p.split('/').map(s => decodeURIComponent(s));
}

/** Parses the URL into { view, dc, ... }. The KV path keeps its raw form: a trailing "/" marks a folder. */
function route() {
  const segs = segments();
  const [dc, section, ...rest] = segs;
  if (!dc) return { view: 'root' };
  if (dc === 'settings') return { view: 'settings' };
  if (!section) return { view: 'redirect', to: `${dc}/services` };
  if (section === 'settings') return { view: 'settings', dc };
  switch (section) {
    case 'services':
      if (rest.length === 0 || rest[0] === '') return { view: 'services', dc };
      return { view: 'service', dc, name: rest[0] };
    case 'nodes':
      if (rest.length === 0 || rest[0] === '') return { view: 'nodes', dc };
      return { view: 'node', dc, name: rest[0] };
    case 'kv': {
      const path = rest.join('/');
      if (path.endsWith('/edit')) return { view: 'kv', dc, mode: 'edit', key: path.slice(0, -'/edit'.length) };
      if (path === 'create' || path.endsWith('/create')) return { view: 'kv', dc, mode: 'create', folder: path.slice(0, -'create'.length) };
      const folder = path === '' || path.endsWith('/') ? path : path + '/';
      return { view: 'kv', dc, mode: 'folder', folder };
    }
    default:
      return { view: 'notfound', dc };
  }
}

async function localDatacenter() {
  if (localDc) return localDc;
  const self = await get('/v1/agent/self', { dc: null });
  localDc = self?.Config?.Datacenter ?? 'dc1';
  return localDc;
}

async function loadDatacenters(dc) {
  if (!datacenters) {
    try {
      datacenters = await get('/v1/catalog/datacenters', { dc: null });
    } catch {
      datacenters = null;
    }
  }
  const list = [...new Set([...(datacenters ?? []), dc].filter(Boolean))].sort();
  dcSelect.replaceChildren(...list.map(d => h('option', { value: d, selected: d === dc }, d)));
  dcSelect.disabled = list.length < 2;
  dcSelect.title = list.length < 2 ? 'Only one datacenter is known' : 'Switch datacenter';
}

dcSelect.addEventListener('change', () => {
  const r = route();
  const section = ['nodes', 'node'].includes(r.view) ? 'nodes' : r.view === 'kv' ? 'kv/' : 'services';
  navigate(`${encodeURIComponent(dcSelect.value)}/${section}`);
});

function updateNav(r, dc) {
  const section = { services: 'services', service: 'services', nodes: 'nodes', node: 'nodes', kv: 'kv', settings: 'settings' }[r.view];
  for (const a of document.querySelectorAll('[data-nav]')) {
    const name = a.dataset.nav;
    a.href = name === 'settings' ? href('settings') : href(`${encodeURIComponent(dc)}/${name}${name === 'kv' ? '/' : ''}`);
    if (name === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.querySelector('.brand').href = href(`${encodeURIComponent(dc)}/services`);
}

export async function render({ focus = false } = {}) {
  current?.abort();
  const ctrl = new AbortController();
  current = ctrl;
  banner(null);
  const r = route();
  try {
    if (r.view === 'root') {
      navigate(`${encodeURIComponent(await localDatacenter())}/services`, { replace: true });
      return;
    }
    if (r.view === 'redirect') {
      navigate(r.to, { replace: true });
      return;
    }
    const dc = r.dc ?? context.dc ?? (await localDatacenter());
    context.dc = dc;
    updateNav(r, dc);
    loadDatacenters(dc);
    main.replaceChildren(loading());
    const ctx = { ...r, dc, signal: ctrl.signal, main, navigate, href, banner, setTitle };
    switch (r.view) {
      case 'services': servicesView(ctx); break;
      case 'service': serviceView(ctx); break;
      case 'nodes': nodesView(ctx); break;
      case 'node': nodeView(ctx); break;
      case 'kv': kvView(ctx); break;
      case 'settings': settingsView(ctx); break;
      default:
        setTitle('Not found');
        main.replaceChildren(h('div', { class: 'page' }, h('h1', null, 'Page not found'),
          h('p', null, 'There is no page at ', h('code', null, location.pathname), '. ', h('a', { href: href(`${encodeURIComponent(dc)}/services`) }, 'Go to services'), '.')));
    }
  } catch (e) {
    if (ctrl.signal.aborted) return;
    main.replaceChildren(errorPanel(e instanceof ApiError ? e : new ApiError('http', 0, String(e?.message ?? e)), { retry: () => render() }));
  }
  if (focus) main.focus({ preventScroll: false });
}

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), context.dc, 'Consul'].join(' · ');
}

/** The strip under the header: live updates paused, reconnecting, ... (null hides it). */
export function banner(err, retryInMs) {
  const el = document.getElementById('banner');
  if (!err) {
    el.hidden = true;
    el.replaceChildren();
    return;
  }
  const d = describeError(err);
  el.className = `banner banner-${d.tone}`;
  el.replaceChildren(h('strong', null, d.title), ' ', d.text,
    retryInMs ? h('span', { class: 'muted' }, ` Live updates paused; retrying in ${Math.round(retryInMs / 1000)}s.`) : null);
  el.hidden = false;
}

// Real links everywhere; same-app clicks are routed without a reload.
document.addEventListener('click', e => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return; // in-page anchor
  e.preventDefault();
  if (url.pathname + url.search === location.pathname + location.search) return;
  history.pushState(null, '', url.pathname + url.search);
  render({ focus: true });
});

window.addEventListener('popstate', () => render());
render();
export { request };
