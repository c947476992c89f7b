// /ui/<dc>/services/<name>: the instances of one service, each with its node, address, tags, meta and checks.
// Live through a blocking query on /v1/health/service/<name>.
import { h, icon, statusBadge, healthCounts, tagList, metaList, plural, emptyState, worstStatus, announce, STATUS_ORDER } from '../dom.js';
import { encodePath } from '../api.js';
import { live, healthFilter, searchBox, syncQuery, queryParam } from './shared.js';

export function checkItem(c, { showNode = false } = {}) {
  return h('li', { class: `check status-edge-${c.Status}`, dataset: { check: c.CheckID, status: c.Status } },
    h('div', { class: 'check-head' },
      statusBadge(c.Status),
      h('span', { class: 'check-name' }, c.Name || c.CheckID),
      h('span', { class: 'check-meta' },
        c.Type ? h('span', { class: 'kind' }, c.Type) : null,
        h('span', { class: 'muted' }, c.ServiceID ? 'service check' : 'node check'),
        showNode ? h('span', { class: 'muted' }, ` on ${c.Node}`) : null,
        h('code', { class: 'check-id', title: 'Check ID' }, c.CheckID))),
    c.Notes ? h('p', { class: 'check-notes' }, h('span', { class: 'label' }, 'Notes: '), c.Notes) : null,
    c.Output ? h('pre', { class: 'check-output', tabindex: '0', 'aria-label': `Output of ${c.Name || c.CheckID}` }, c.Output) : h('p', { class: 'muted check-nooutput' }, 'No output'));
}

export function serviceView(ctx) {
  const name = ctx.name;
  ctx.setTitle(name, 'Services');
  const state = { q: queryParam('q'), status: queryParam('status') };
  let instances = null;

  const head = h('div', { class: 'page-head' });
  const list = h('div', { class: 'results' });
  const filter = healthFilter(state.status, null, v => { state.status = v; update(); });
  const toolbar = h('div', { class: 'toolbar' }, searchBox('Search instances by node, address, ID or tag', state.q, v => { state.q = v; update(); }, 'Search instances'), filter);
  ctx.main.replaceChildren(h('div', { class: 'page' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: ctx.href(`${encodeURIComponent(ctx.dc)}/services`) }, 'Services'), h('span', { 'aria-hidden': 'true' }, ' / '), h('span', { 'aria-current': 'page' }, name)),
    head, toolbar, list));

  const addr = i => `${i.Service.Address || i.Node.Address}${i.Service.Port ? ':' + i.Service.Port : ''}`;

  function matches(i) {
    const q = state.q.trim().toLowerCase();
    if (q && ![i.Node.Node, i.Service.ID, addr(i), ...(i.Service.Tags ?? [])].some(v => String(v).toLowerCase().includes(q))) return false;
    if (state.status && worstStatus(i.Checks) !== state.status) return false;
    return true;
  }

  function update() {
    syncQuery({ q: state.q, status: state.status });
    if (!instances) return;
    if (instances.length === 0) {
      head.replaceChildren(h('h1', null, name));
      toolbar.hidden = true;
      list.replaceChildren(emptyState(`Service "${name}" has no instances in ${ctx.dc}.`,
        'It is not registered here, or its last instance was deregistered.',
        h('a', { class: 'btn', href: ctx.href(`${encodeURIComponent(ctx.dc)}/services`) }, 'All services')));
      return;
    }
    toolbar.hidden = false;
    const counts = { all: instances.length, passing: 0, warning: 0, critical: 0 };
    for (const i of instances) counts[worstStatus(i.Checks)]++;
    filter.setCounts(counts);
    const all = instances.flatMap(i => i.Checks);
    const tags = [...new Set(instances.flatMap(i => i.Service.Tags ?? []))].sort();
    head.replaceChildren(
      h('div', null,
        h('h1', null, statusBadge(counts.critical ? 'critical' : counts.warning ? 'warning' : 'passing'), ' ', name),
        h('p', { class: 'subtitle' }, `${plural(instances.length, 'instance')} on ${plural(new Set(instances.map(i => i.Node.Node)).size, 'node')} · `,
          healthCounts(all.filter(c => c.Status === 'passing').length, all.filter(c => c.Status === 'warning').length,
            all.filter(c => c.Status === 'critical' || c.Status === 'maintenance').length, 'checks '))),
      tagList(tags));

    const shown = instances.filter(matches).sort((a, b) => STATUS_ORDER[worstStatus(a.Checks)] - STATUS_ORDER[worstStatus(b.Checks)] || a.Node.Node.localeCompare(b.Node.Node) || a.Service.ID.localeCompare(b.Service.ID));
    if (shown.length === 0) {
      list.replaceChildren(emptyState('No instance matches these filters.'));
      return;
    }
    list.replaceChildren(h('ul', { class: 'cards', 'aria-label': 'Instances' }, shown.map(instanceCard)));
  }

  function instanceCard(i) {
    const status = worstStatus(i.Checks);
    const checks = [...i.Checks].sort((a, b) => STATUS_ORDER[a.Status] - STATUS_ORDER[b.Status] || (a.Name || '').localeCompare(b.Name || ''));
    const meta = i.Service.Meta ?? {};
    return h('li', { class: `card status-edge-${status}`, dataset: { instance: i.Service.ID, status } },
      h('div', { class: 'card-head' },
        h('h2', { class: 'card-title' }, statusBadge(status), ' ', i.Service.ID),
        h('dl', { class: 'facts' },
          h('div', null, h('dt', null, 'Node'), h('dd', null, h('a', { href: ctx.href(`${encodeURIComponent(ctx.dc)}/nodes/${encodeURIComponent(i.Node.Node)}`) }, i.Node.Node))),
          h('div', null, h('dt', null, 'Address'), h('dd', null, h('code', null, addr(i)))),
          i.Service.Namespace ? h('div', null, h('dt', null, 'Namespace'), h('dd', null, i.Service.Namespace)) : null)),
      tagList(i.Service.Tags),
      Object.keys(meta).length ? h('details', { class: 'meta-details' }, h('summary', null, `Metadata (${Object.keys(meta).length})`), metaList(meta)) : null,
      h('h3', { class: 'section-title' }, icon('passing', 14), ` Health checks (${checks.length})`),
      checks.length ? h('ul', { class: 'checks' }, checks.map(c => checkItem(c))) : h('p', { class: 'muted' }, 'No health checks: the instance is considered passing.'));
  }

  let first = true;
  live(ctx, '/v1/health/service/' + encodePath(name), {
    onData: data => {
      instances = data ?? [];
      update();
      if (!first) announce(`${name} updated`);
      first = false;
    },
  });
}
