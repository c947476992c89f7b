// /ui/settings: the ACL token (kept in this browser's localStorage, sent as X-Consul-Token) and live updates.
import { h, toast } from '../dom.js';
import { settings, get } from '../api.js';

export function settingsView(ctx) {
  ctx.setTitle('Settings');
  const token = h('input', { id: 'token', type: 'password', value: settings.token, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' });
  const show = h('input', { id: 'token-show', type: 'checkbox', onchange: () => { token.type = show.checked ? 'text' : 'password'; } });
  const blocking = h('input', { id: 'blocking', type: 'checkbox', checked: settings.blocking, 'aria-describedby': 'blocking-help' });
  const agentBox = h('dl', { class: 'facts' });
  ctx.main.replaceChildren(h('div', { class: 'page page-narrow' },
    h('div', { class: 'page-head' }, h('h1', null, 'Settings')),
    h('form', {
      class: 'card settings-form', onsubmit: e => {
        e.preventDefault();
        settings.token = token.value.trim();
        settings.blocking = blocking.checked;
        toast(token.value.trim() ? 'Token saved in this browser' : 'Settings saved');
      },
    },
    h('h2', null, 'ACL token'),
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Token (SecretID)'), token,
      h('label', { class: 'check-label' }, show, ' Show token'),
      h('p', { id: 'token-help', class: 'hint' }, 'Sent as the X-Consul-Token header with every request this UI makes. It is stored only in this browser (localStorage) and never sent anywhere else. Leave empty to use the agent\'s default token.')),
    h('h2', null, 'Live updates'),
    h('div', { class: 'field' }, h('label', { class: 'check-label' }, blocking, ' Update pages live (blocking queries)'),
      h('p', { id: 'blocking-help', class: 'hint' }, 'Lists and pages change as soon as the catalog does, without reloading. Turn off to load each page once.')),
    h('div', { class: 'actions' }, h('button', { class: 'btn btn-primary', type: 'submit' }, 'Save'),
      h('button', { class: 'btn', type: 'button', onclick: () => { settings.token = ''; token.value = ''; toast('Token cleared'); } }, 'Clear token'))),
    h('section', { class: 'card' }, h('h2', null, 'This agent'), agentBox)));

  get('/v1/agent/self', { dc: null, signal: ctx.signal }).then(self => {
    const c = self?.Config ?? {};
    const row = (k, v) => h('div', null, h('dt', null, k), h('dd', null, v ?? '—'));
    agentBox.replaceChildren(row('Node', c.NodeName), row('Datacenter', c.Datacenter), row('Role', c.Server ? 'server' : 'client'),
      row('Version', c.Version), row('UI address', location.origin + document.baseURI.slice(location.origin.length)));
  }).catch(() => agentBox.replaceChildren(h('p', { class: 'muted' }, 'Agent details are unavailable (agent unreachable or permission denied).')));
}
