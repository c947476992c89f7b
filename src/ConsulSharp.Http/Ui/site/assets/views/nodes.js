// /ui/<dc>/nodes: every node with its health, address, service count and the leader badge (/v1/status/leader).
import { h, icon, statusBadge, healthCounts, plural, emptyState, worstStatus, announce, STATUS_ORDER } from '../dom.js';
import { get } from '../api.js';
import { live, healthFilter, searchBox, syncQuery, queryParam } from './shared.js';

/** The host part of a leader address ("10.0.0.1:8300", "[::1]:8300"). */
export function leaderHost(leader) {
  if (!leader) return '';
  const m = /^\[(.*)\]:\d+$/.exec(leader) ?? /^(.*):\d+$/.exec(leader);
  return m ? m[1] : leader;
}

export function leaderBadge() {
  return h('span', { class: 'badge badge-leader', title: 'Raft leader of this datacenter' }, icon('star', 13), 'Leader');
}

export function nodesView(ctx) {
  ctx.setTitle('Nodes');
  const state = { q: queryParam('q'), status: queryParam('status') };
  let nodes = null;
  let leader = '';

  const summary = h('p', { class: 'subtitle' });
  const list = h('div', { class: 'results' });
  const filter = healthFilter(state.status, null, v => { state.status = v; update(); });
  ctx.main.replaceChildren(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Nodes'), summary)),
    h('div', { class: 'toolbar' }, searchBox('Search nodes by name, address or service', state.q, v => { state.q = v; update(); }, 'Search nodes'), filter),
    list));

  const nodeStatus = n => worstStatus(n.Checks ?? []);

  function update() {
    syncQuery({ q: state.q, status: state.status });
    if (!nodes) return;
    const counts = { all: nodes.length, passing: 0, warning: 0, critical: 0 };
    for (const n of nodes) counts[nodeStatus(n)]++;
    filter.setCounts(counts);
    summary.textContent = plural(nodes.length, 'node') + (counts.critical ? ` · ${counts.critical} critical` : '') + (counts.warning ? ` · ${counts.warning} warning` : '');
    const q = state.q.trim().toLowerCase();
    const shown = nodes.filter(n => (!q || [n.Node, n.Address, ...(n.Services ?? []).map(s => s.Service)].some(v => v.toLowerCase().includes(q)))
      && (!state.status || nodeStatus(n) === state.status))
      .sort((a, b) => STATUS_ORDER[nodeStatus(a)] - STATUS_ORDER[nodeStatus(b)] || a.Node.localeCompare(b.Node));
    if (nodes.length === 0) { list.replaceChildren(emptyState('No nodes are registered in this datacenter.')); return; }
    if (shown.length === 0) { list.replaceChildren(emptyState('No node matches these filters.')); return; }
    const host = leaderHost(leader);
    list.replaceChildren(h('ul', { class: 'rows', 'aria-label': 'Nodes' }, shown.map(n => {
      const status = nodeStatus(n);
      const checks = n.Checks ?? [];
      const services = [...new Set((n.Services ?? []).map(s => s.Service))].sort();
      return h('li', { class: `row status-edge-${status}`, dataset: { node: n.Node, status } },
        h('div', { class: 'row-main' },
          h('div', { class: 'row-title' },
            statusBadge(status),
            h('a', { class: 'row-link', href: ctx.href(`${encodeURIComponent(ctx.dc)}/nodes/${encodeURIComponent(n.Node)}`) }, n.Node),
            host && n.Address === host ? leaderBadge() : null),
          h('p', { class: 'row-sub' }, h('code', null, n.Address), services.length ? ` · ${services.slice(0, 6).join(', ')}${services.length > 6 ? ` +${services.length - 6}` : ''}` : ' · no services')),
        h('div', { class: 'row-side' },
          h('span', { class: 'instances' }, plural((n.Services ?? []).length, 'service')),
          healthCounts(checks.filter(c => c.Status === 'passing').length, checks.filter(c => c.Status === 'warning').length,
            checks.filter(c => c.Status === 'critical' || c.Status === 'maintenance').length, 'checks ')));
    })));
  }

  let first = true;
  live(ctx, '/v1/internal/ui/nodes', {
    onData: async data => {
      nodes = data ?? [];
      try { leader = await get('/v1/status/leader', { signal: ctx.signal }); } catch { leader = ''; }
      update();
      if (!first) announce('Nodes updated');
      first = false;
    },
  });
}
