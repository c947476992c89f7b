// Turns API failures into words an operator can act on.
import { h } from './dom.js';
import { context, settings } from './api.js';

export function describeError(err) {
  switch (err?.kind) {
    case 'unreachable':
      return { tone: 'danger', title: 'Agent unreachable.', text: `The browser cannot reach the Consul agent at ${location.host}: it may be stopped or restarting, or the network is down.` };
    case 'forbidden':
      return { tone: 'warning', title: 'Permission denied (403).', text: settings.token
        ? 'The ACL token set in Settings is not allowed to read or change this. Use a token whose policy grants it.'
        : 'ACLs are enforced and no token is set. Add a token in Settings.' };
    case 'noleader':
      return { tone: 'danger', title: 'No cluster leader.', text: 'The Consul servers have no elected leader (an election is under way or quorum is lost), so the catalog cannot be read. This clears once a leader is elected.' };
    case 'nodc':
      return { tone: 'danger', title: `Datacenter ${context.dc} is unreachable.`, text: 'The servers have no path to this datacenter (its servers are down, WAN federation is broken, or the name is wrong).' };
    case 'notfound':
      return { tone: 'warning', title: 'Not found (404).', text: err.body || 'The agent has no such resource.' };
    default:
      return { tone: 'danger', title: `Request failed${err?.status ? ` (HTTP ${err.status})` : ''}.`, text: err?.body || err?.message || String(err) };
  }
}

/** A full-page error state for a view that has nothing to show yet. */
export function errorPanel(err, { retry } = {}) {
  const d = describeError(err);
  return h('div', { class: `error-panel tone-${d.tone}`, role: 'alert' },
    h('h1', null, d.title.replace(/\.$/, '')),
    h('p', null, d.text),
    err?.body && err.kind !== 'notfound' && err.kind !== 'http' ? h('p', { class: 'muted' }, 'The agent said: ', h('code', null, err.body)) : null,
    h('div', { class: 'actions' },
      retry ? h('button', { class: 'btn btn-primary', type: 'button', onclick: retry }, 'Retry') : null,
      err?.kind === 'forbidden' ? h('a', { class: 'btn', href: 'settings' }, 'Open Settings') : null));
}
