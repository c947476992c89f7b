// /ui/<dc>/nodes/<node>: a node's checks, service instances, lock sessions (with invalidate) and metadata.
import { h, icon, statusBadge, metaList, tagList, plural, emptyState, worstStatus, confirmDialog, toast, formatDuration, STATUS_ORDER } from '../dom.js';
import { get, request, encodePath } from '../api.js';
import { live } from './shared.js';
import { checkItem } from './service.js';
import { leaderHost, leaderBadge } from './nodes.js';
import { errorPanel } from '../errors.js';

export function nodeView(ctx) {
  const name = ctx.name;
  ctx.setTitle(name, 'Nodes');
  const head = h('div', { class: 'page-head' }, h('h1', null, name));
  const checksBox = h('div');
  const servicesBox = h('div');
  const sessionsBox = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const metaBox = h('div');
  const nav = h('nav', { class: 'tabs', 'aria-label': 'Sections' },
    ['checks', 'services', 'sessions', 'metadata'].map(id => h('a', { href: `${location.pathname}#${id}` }, id === 'checks' ? 'Health checks' : id === 'sessions' ? 'Lock sessions' : id[0].toUpperCase() + id.slice(1))));
  const body = h('div', { class: 'node-body' },
    h('section', { id: 'checks', 'aria-labelledby': 'h-checks' }, h('h2', { id: 'h-checks' }, 'Health checks'), checksBox),
    h('section', { id: 'services', 'aria-labelledby': 'h-services' }, h('h2', { id: 'h-services' }, 'Service instances'), servicesBox),
    h('section', { id: 'sessions', 'aria-labelledby': 'h-sessions' }, h('h2', { id: 'h-sessions' }, 'Lock sessions'), sessionsBox),
    h('section', { id: 'metadata', 'aria-labelledby': 'h-meta' }, h('h2', { id: 'h-meta' }, 'Metadata'), metaBox));
  ctx.main.replaceChildren(h('div', { class: 'page' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: ctx.href(`${encodeURIComponent(ctx.dc)}/nodes`) }, 'Nodes'), h('span', { 'aria-hidden': 'true' }, ' / '), h('span', { 'aria-current': 'page' }, name)),
    head, nav, body));

  live(ctx, '/v1/internal/ui/node/' + encodeURIComponent(name), {
    allow404: true,
    container: body,
    onData: async node => {
      if (!node) {
        head.replaceChildren(h('h1', null, name));
        nav.hidden = true;
        body.replaceChildren(emptyState(`Node "${name}" is not registered in ${ctx.dc}.`, 'It may have left the cluster or been deregistered.',
          h('a', { class: 'btn', href: ctx.href(`${encodeURIComponent(ctx.dc)}/nodes`) }, 'All nodes')));
        return;
      }
      let leader = '';
      try { leader = await get('/v1/status/leader', { signal: ctx.signal }); } catch { /* shown without a badge */ }
      const checks = [...(node.Checks ?? [])].sort((a, b) => STATUS_ORDER[a.Status] - STATUS_ORDER[b.Status] || (a.Name || '').localeCompare(b.Name || ''));
      head.replaceChildren(h('div', null,
        h('h1', null, statusBadge(worstStatus(checks)), ' ', name, ' ', leaderHost(leader) === node.Address ? leaderBadge() : null),
        h('p', { class: 'subtitle' }, h('code', null, node.Address), ` · ${plural((node.Services ?? []).length, 'service')} · ${plural(checks.length, 'check')}`)));
      checksBox.replaceChildren(checks.length ? h('ul', { class: 'checks' }, checks.map(c => checkItem(c))) : h('p', { class: 'muted' }, 'This node has no health checks.'));
      const services = [...(node.Services ?? [])].sort((a, b) => a.Service.localeCompare(b.Service) || a.ID.localeCompare(b.ID));
      servicesBox.replaceChildren(services.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
          h('thead', null, h('tr', null, ['Service', 'Health', 'ID', 'Address', 'Tags'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', null, services.map(s => {
            const sc = checks.filter(c => c.ServiceID === s.ID);
            return h('tr', null,
              h('td', { 'data-label': 'Service' }, h('a', { href: ctx.href(`${encodeURIComponent(ctx.dc)}/services/${encodePath(s.Service)}`) }, s.Service)),
              h('td', { 'data-label': 'Health' }, sc.length ? statusBadge(worstStatus(sc)) : statusBadge('none', 'No checks')),
              h('td', { 'data-label': 'ID' }, h('code', null, s.ID)),
              h('td', { 'data-label': 'Address' }, h('code', null, `${s.Address || node.Address}${s.Port ? ':' + s.Port : ''}`)),
              h('td', { 'data-label': 'Tags' }, tagList(s.Tags) ?? h('span', { class: 'muted' }, '—')));
          }))))
        : h('p', { class: 'muted' }, 'No services run on this node.'));
      metaBox.replaceChildren(
        h('dl', { class: 'facts' },
          h('div', null, h('dt', null, 'Node ID'), h('dd', null, h('code', null, node.ID || '—'))),
          h('div', null, h('dt', null, 'Address'), h('dd', null, h('code', null, node.Address)))),
        h('h3', { class: 'section-title' }, 'Node meta'), metaList(node.Meta, 'No node meta.'),
        h('h3', { class: 'section-title' }, 'Tagged addresses'), metaList(node.TaggedAddresses, 'No tagged addresses.'));
    },
  });

  live(ctx, '/v1/session/node/' + encodeURIComponent(name), {
    container: sessionsBox,
    onData: sessions => renderSessions(sessions ?? []),
  });

  function renderSessions(sessions) {
    if (sessions.length === 0) {
      sessionsBox.replaceChildren(h('p', { class: 'muted' }, 'No sessions are held by this node.'));
      return;
    }
    sessionsBox.replaceChildren(h('ul', { class: 'cards sessions', 'aria-label': 'Lock sessions' }, sessions.map(s => h('li', { class: 'card', dataset: { session: s.ID } },
      h('div', { class: 'card-head' },
        h('h3', { class: 'card-title' }, icon('lock', 14), ' ', s.Name || h('span', { class: 'muted' }, 'Unnamed session')),
        h('button', {
          class: 'btn btn-danger btn-small', type: 'button', 'aria-label': `Invalidate session ${s.Name || s.ID}`,
          onclick: () => invalidate(s),
        }, 'Invalidate')),
      h('dl', { class: 'facts' },
        h('div', null, h('dt', null, 'ID'), h('dd', null, h('code', null, s.ID))),
        h('div', null, h('dt', null, 'Behavior'), h('dd', null, s.Behavior)),
        h('div', null, h('dt', null, 'TTL'), h('dd', null, s.TTL || '—')),
        h('div', null, h('dt', null, 'Lock delay'), h('dd', null, formatDuration(s.LockDelay))),
        h('div', null, h('dt', null, 'Checks'), h('dd', null, [...(s.NodeChecks ?? s.Checks ?? []), ...(s.ServiceChecks ?? []).map(c => c.ID)].join(', ') || '—')))))));
  }

  async function invalidate(s) {
    const ok = await confirmDialog({
      title: 'Invalidate this session?',
      body: [h('p', null, `Session ${s.Name ? `"${s.Name}" ` : ''}(${s.ID}) will be destroyed. Locks it holds are released `,
        s.Behavior === 'delete' ? 'and the keys it holds are deleted.' : 'and its keys are kept.'),
      h('p', { class: 'muted' }, 'A process that relied on this lock loses it immediately.')],
      confirm: 'Invalidate', danger: true,
    });
    if (!ok) return;
    try {
      await request('/v1/session/destroy/' + encodeURIComponent(s.ID), { method: 'PUT' });
      toast('Session invalidated');
    } catch (e) {
      sessionsBox.prepend(errorPanel(e));
    }
  }
}
