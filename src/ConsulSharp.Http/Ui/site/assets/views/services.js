// /ui/<dc>/services: every service with instance count, health summary and tags; search, health and tag filters.
import { h, healthCounts, tagList, plural, emptyState, statusBadge, announce } from '../dom.js';
import { encodePath } from '../api.js';
import { live, healthFilter, searchBox, syncQuery, queryParam } from './shared.js';

function serviceStatus(s) {
  if (s.ChecksCritical > 0) return 'critical';
  if (s.ChecksWarning > 0) return 'warning';
  return 'passing';
}

export function servicesView(ctx) {
  ctx.setTitle('Services');
  const state = { q: queryParam('q'), status: queryParam('status'), tag: queryParam('tag'), sort: queryParam('sort') || 'name' };
  let services = null;

  const summary = h('p', { class: 'subtitle' });
  const list = h('div', { class: 'results' });
  const filter = healthFilter(state.status, null, v => { state.status = v; update(); });
  const tagSelect = h('select', { 'aria-label': 'Filter by tag', onchange: () => { state.tag = tagSelect.value; update(); } });
  const sortSelect = h('select', { 'aria-label': 'Sort services', onchange: () => { state.sort = sortSelect.value; update(); } },
    h('option', { value: 'name', selected: state.sort === 'name' }, 'Sort: name'),
    h('option', { value: 'health', selected: state.sort === 'health' }, 'Sort: health (worst first)'),
    h('option', { value: 'instances', selected: state.sort === 'instances' }, 'Sort: instances'));

  ctx.main.replaceChildren(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Services'), summary)),
    h('div', { class: 'toolbar' },
      searchBox('Search services by name or tag', state.q, v => { state.q = v; update(); }, 'Search by name or tag'),
      filter, tagSelect, sortSelect),
    list));

  function matches(s) {
    const q = state.q.trim().toLowerCase();
    if (q && !s.Name.toLowerCase().includes(q) && !(s.Tags ?? []).some(t => t.toLowerCase().includes(q))) return false;
    if (state.status && serviceStatus(s) !== state.status) return false;
    if (state.tag && !(s.Tags ?? []).includes(state.tag)) return false;
    return true;
  }

  function update() {
    syncQuery({ q: state.q, status: state.status, tag: state.tag, sort: state.sort === 'name' ? '' : state.sort });
    if (!services) return;
    const counts = { all: services.length, passing: 0, warning: 0, critical: 0 };
    for (const s of services) counts[serviceStatus(s)]++;
    filter.setCounts(counts);
    summary.textContent = `${plural(services.length, 'service')} · ${plural(services.reduce((n, s) => n + s.InstanceCount, 0), 'instance')}`
      + (counts.critical ? ` · ${counts.critical} critical` : '') + (counts.warning ? ` · ${counts.warning} warning` : '');

    const tags = [...new Set(services.flatMap(s => s.Tags ?? []))].sort();
    tagSelect.replaceChildren(h('option', { value: '' }, 'All tags'), ...tags.map(t => h('option', { value: t, selected: t === state.tag }, t)));
    if (state.tag && !tags.includes(state.tag)) tagSelect.append(h('option', { value: state.tag, selected: true }, state.tag));

    const shown = services.filter(matches);
    const order = { critical: 0, warning: 1, passing: 2 };
    if (state.sort === 'health') shown.sort((a, b) => order[serviceStatus(a)] - order[serviceStatus(b)] || b.ChecksCritical - a.ChecksCritical || a.Name.localeCompare(b.Name));
    else if (state.sort === 'instances') shown.sort((a, b) => b.InstanceCount - a.InstanceCount || a.Name.localeCompare(b.Name));
    if (services.length === 0) {
      list.replaceChildren(emptyState('No services registered in this datacenter yet.',
        'Register one with `consul services register`, a service definition file, or PUT /v1/agent/service/register.'));
      return;
    }
    if (shown.length === 0) {
      list.replaceChildren(emptyState('No service matches these filters.', null,
        h('button', { class: 'btn', type: 'button', onclick: () => ctx.navigate(location.pathname, { replace: true }) }, 'Clear filters')));
      return;
    }
    list.replaceChildren(h('ul', { class: 'rows', 'aria-label': 'Services' }, shown.map(row)));
  }

  function row(s) {
    const status = serviceStatus(s);
    return h('li', { class: `row status-edge-${status}`, dataset: { service: s.Name, status } },
      h('div', { class: 'row-main' },
        h('div', { class: 'row-title' },
          statusBadge(status),
          h('a', { class: 'row-link', href: ctx.href(`${encodeURIComponent(ctx.dc)}/services/${encodePath(s.Name)}`) }, s.Name),
          s.Kind ? h('span', { class: 'kind' }, s.Kind) : null,
          (s.ExternalSources ?? []).map(src => h('span', { class: 'kind' }, src))),
        tagList(s.Tags, 8)),
      h('div', { class: 'row-side' },
        h('span', { class: 'instances' }, plural(s.InstanceCount, 'instance')),
        healthCounts(s.ChecksPassing, s.ChecksWarning, s.ChecksCritical, 'checks ')));
  }

  let first = true;
  live(ctx, '/v1/internal/ui/services', {
    onData: data => {
      services = data ?? [];
      update();
      if (!first) announce('Services updated');
      first = false;
    },
  });
}
