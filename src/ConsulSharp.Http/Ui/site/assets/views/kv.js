// /ui/<dc>/kv/<folder>/ (browse), /ui/<dc>/kv/<key>/edit (editor), /ui/<dc>/kv/<folder>/create (new key or folder).
// Saves are CAS-safe: the editor remembers the ModifyIndex it loaded and PUTs ?cas=<that>; when Consul answers
// false the key changed (or was deleted) meanwhile, and the editor shows both versions instead of overwriting.
import { h, icon, emptyState, confirmDialog, toast, plural, announce } from '../dom.js';
import { request, kvGet, kvPut, kvDelete, decodeValue, encodePath, watch, ApiError } from '../api.js';
import { live, searchBox, syncQuery, queryParam } from './shared.js';
import { errorPanel, describeError } from '../errors.js';
import { check, detect, SYNTAX_HELP } from '../syntax.js';

const baseName = p => p.replace(/\/$/, '').split('/').pop();
const parentOf = key => key.replace(/\/$/, '').split('/').slice(0, -1).map(s => s + '/').join('');

export function kvView(ctx) {
  if (ctx.mode === 'edit') return editor(ctx, ctx.key);
  if (ctx.mode === 'create') return editor(ctx, null, ctx.folder);
  return folderView(ctx, ctx.folder);
}

function kvHref(ctx, path, suffix = '') {
  return ctx.href(`${encodeURIComponent(ctx.dc)}/kv/${encodePath(path)}${suffix}`);
}

function crumbs(ctx, path, { current = true } = {}) {
  const parts = path.replace(/\/$/, '').split('/').filter(Boolean);
  const items = [h('a', { href: kvHref(ctx, '') }, 'Key/Value')];
  let acc = '';
  parts.forEach((p, i) => {
    acc += p + '/';
    items.push(h('span', { 'aria-hidden': 'true' }, ' / '));
    items.push(i === parts.length - 1 && current ? h('span', { 'aria-current': 'page' }, p) : h('a', { href: kvHref(ctx, acc) }, p));
  });
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, items);
}

// ---- folder ------------------------------------------------------------------------------------------------------

function folderView(ctx, folder) {
  ctx.setTitle(folder || 'Key/Value', 'Key/Value');
  const state = { q: queryParam('q') };
  let keys = null;
  let allKeys = null; // recursive key list for search, refreshed with each change
  const list = h('div', { class: 'results' });
  const subtitle = h('p', { class: 'subtitle' });
  ctx.main.replaceChildren(h('div', { class: 'page' },
    folder ? crumbs(ctx, folder) : null,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, icon('folder', 22), ' ', folder ? baseName(folder) : 'Key/Value'), subtitle),
      h('a', { class: 'btn btn-primary', href: kvHref(ctx, folder, 'create') }, icon('plus', 16), ' Create')),
    h('div', { class: 'toolbar' }, searchBox(folder ? `Search key names under ${folder}` : 'Search all key names', state.q, v => { state.q = v; search(); }, folder ? `Search keys under ${folder}` : 'Search all keys')),
    list));

  let searchTimer;
  function search() {
    syncQuery({ q: state.q });
    clearTimeout(searchTimer);
    if (!state.q.trim()) { render(); return; }
    searchTimer = setTimeout(async () => {
      try {
        if (!allKeys) allKeys = (await request('/v1/kv/' + encodePath(folder), { query: { keys: true }, allow404: true, signal: ctx.signal })).data ?? [];
        render();
      } catch (e) {
        if (!ctx.signal.aborted) list.replaceChildren(errorPanel(e));
      }
    }, 150);
  }

  function render() {
    if (!keys) return;
    const q = state.q.trim().toLowerCase();
    if (q && allKeys) {
      const found = allKeys.filter(k => k !== folder && k.toLowerCase().includes(q));
      subtitle.textContent = `${plural(found.length, 'match', 'matches')} for “${state.q.trim()}”${folder ? ` under ${folder}` : ''}`;
      list.replaceChildren(found.length
        ? h('ul', { class: 'rows kv-list', 'aria-label': 'Search results' }, found.slice(0, 500).map(k => entryRow(k, highlight(k.slice(folder.length), q))))
        : emptyState('No key name contains that text.', 'The search matches anywhere in the key path, below this folder.'));
      return;
    }
    const entries = keys.filter(k => k !== folder).sort((a, b) => (b.endsWith('/') - a.endsWith('/')) || a.localeCompare(b));
    const folders = entries.filter(k => k.endsWith('/')).length;
    subtitle.textContent = [folders ? plural(folders, 'folder') : '', entries.length - folders ? plural(entries.length - folders, 'key') : ''].filter(Boolean).join(' · ') || 'Empty';
    list.replaceChildren(entries.length
      ? h('ul', { class: 'rows kv-list', 'aria-label': 'Keys' }, entries.map(k => entryRow(k, k.slice(folder.length))))
      : emptyState(folder ? 'This folder is empty.' : 'There are no keys yet.', 'Create a key or a folder to get started.',
        h('a', { class: 'btn btn-primary', href: kvHref(ctx, folder, 'create') }, 'Create a key')));
  }

  function highlight(text, q) {
    const i = text.toLowerCase().indexOf(q);
    if (i < 0) return text;
    return [text.slice(0, i), h('mark', null, text.slice(i, i + q.length)), text.slice(i + q.length)];
  }

  function entryRow(k, label) {
    const isFolder = k.endsWith('/');
    return h('li', { class: 'row kv-row', dataset: { key: k } },
      h('div', { class: 'row-main' }, h('div', { class: 'row-title' },
        icon(isFolder ? 'folder' : 'key', 18),
        h('a', { class: 'row-link', href: isFolder ? kvHref(ctx, k) : kvHref(ctx, k, '/edit') }, label))),
      h('div', { class: 'row-side' },
        h('button', { class: 'btn btn-small btn-quiet', type: 'button', 'aria-label': `Delete ${isFolder ? 'folder' : 'key'} ${k}`, onclick: () => removeEntry(ctx, k) }, 'Delete')));
  }

  live(ctx, '/v1/kv/' + encodePath(folder), {
    query: { keys: true, separator: '/' },
    allow404: true,
    onData: data => {
      keys = data ?? [];
      allKeys = null;
      if (state.q.trim()) search();
      else render();
    },
  });
}

async function removeEntry(ctx, k, { after } = {}) {
  const isFolder = k.endsWith('/');
  let count = 0;
  if (isFolder) {
    try { count = ((await request('/v1/kv/' + encodePath(k), { query: { keys: true }, allow404: true })).data ?? []).filter(x => x !== k).length; } catch { count = -1; }
  }
  const ok = await confirmDialog({
    title: isFolder ? 'Delete this folder?' : 'Delete this key?',
    body: [h('p', null, isFolder ? 'Folder ' : 'Key ', h('code', null, k), isFolder
      ? (count > 0 ? ` and the ${plural(count, 'key')} under it will be deleted.` : count === 0 ? ' will be deleted.' : ' and everything under it will be deleted.')
      : ' will be deleted.'), h('p', { class: 'muted' }, 'This cannot be undone.')],
    confirm: 'Delete', danger: true,
  });
  if (!ok) return false;
  try {
    await kvDelete(k, { recurse: isFolder });
    toast(`Deleted ${k}`);
    after?.();
    return true;
  } catch (e) {
    toast(`Could not delete ${k}: ${describeError(e).title}`, 'error');
    return false;
  }
}

// ---- editor ------------------------------------------------------------------------------------------------------

function editor(ctx, key, createIn = null) {
  const creating = key === null;
  const folder = creating ? createIn : parentOf(key);
  ctx.setTitle(creating ? 'Create' : baseName(key), 'Key/Value');
  let entry = null; // the version the editor is based on (null when creating)
  let binary = false;
  let saving = false; // our own PUT is in flight: the change it makes is not another client's

  const nameInput = h('input', { id: 'kv-name', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'kv-name-help' });
  const value = h('textarea', { id: 'kv-value', class: 'code', rows: 14, spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': 'kv-syntax-status kv-syntax-help' });
  const syntax = h('select', { id: 'kv-syntax' }, ['text', 'json', 'yaml', 'hcl'].map(v => h('option', { value: v }, { text: 'Plain text', json: 'JSON', yaml: 'YAML', hcl: 'HCL' }[v])));
  const status = h('p', { id: 'kv-syntax-status', class: 'syntax-status', 'aria-live': 'polite' });
  const help = h('p', { id: 'kv-syntax-help', class: 'hint' });
  const formatBtn = h('button', { type: 'button', class: 'btn btn-small', onclick: formatJson }, 'Format JSON');
  const flags = h('input', { id: 'kv-flags', type: 'text', inputmode: 'numeric', value: '0', autocomplete: 'off', 'aria-describedby': 'kv-flags-help' });
  const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary' }, creating ? 'Create' : 'Save');
  const notice = h('div', { class: 'notice-area' });
  const conflictBox = h('div');
  const metaBox = h('aside', { class: 'kv-meta', 'aria-label': 'Key details' });
  const valueField = h('div', { class: 'field' },
    h('div', { class: 'field-row' }, h('label', { for: 'kv-value' }, 'Value'),
      h('div', { class: 'field-tools' }, h('label', { for: 'kv-syntax', class: 'inline-label' }, 'Syntax'), syntax, formatBtn)),
    value, status, help);

  const form = h('form', { class: 'kv-form', novalidate: true, onsubmit: e => { e.preventDefault(); save(); } },
    creating ? h('div', { class: 'field' }, h('label', { for: 'kv-name' }, 'Key or folder name'),
      h('div', { class: 'name-row' }, folder ? h('span', { class: 'prefix' }, folder) : null, nameInput),
      h('p', { id: 'kv-name-help', class: 'hint' }, 'End the name with / to create a folder. Use / to nest: a/b/c.')) : null,
    valueField,
    h('div', { class: 'field field-narrow' }, h('label', { for: 'kv-flags' }, 'Flags'), flags,
      h('p', { id: 'kv-flags-help', class: 'hint' }, 'An unsigned 64-bit number stored with the key, for your applications.')),
    notice,
    conflictBox,
    h('div', { class: 'actions form-actions' }, saveBtn,
      h('a', { class: 'btn', href: kvHref(ctx, folder) }, 'Cancel'),
      creating ? null : h('button', { type: 'button', class: 'btn btn-danger push-right', onclick: async () => { if (await removeEntry(ctx, key)) ctx.navigate(kvHref(ctx, folder)); } }, 'Delete')));

  const heading = h('h1', null, icon(creating ? 'plus' : 'key', 22), ' ', creating ? (folder ? `New key in ${folder}` : 'New key') : baseName(key));
  ctx.main.replaceChildren(h('div', { class: 'page' },
    crumbs(ctx, creating ? folder : key, { current: !creating }),
    h('div', { class: 'page-head' }, h('div', null, heading, creating ? null : h('p', { class: 'subtitle' }, h('code', null, key)))),
    h('div', { class: 'kv-layout' }, form, creating ? null : metaBox)));

  function validate() {
    const kind = syntax.value;
    help.textContent = SYNTAX_HELP[kind];
    formatBtn.hidden = kind !== 'json';
    if (binary) { status.textContent = ''; return true; }
    const r = check(kind, value.value);
    status.className = 'syntax-status ' + (kind === 'text' ? '' : r.ok ? 'ok' : 'bad');
    if (kind === 'text') status.textContent = '';
    else if (r.ok) status.replaceChildren(icon('passing', 14), ` Valid ${syntax.selectedOptions[0].textContent}`);
    else status.replaceChildren(icon('critical', 14), ` Line ${r.line}, column ${r.column}: ${r.message}`);
    value.setAttribute('aria-invalid', String(!r.ok));
    return r.ok;
  }
  value.addEventListener('input', validate);
  // Ctrl/Cmd+S saves, as in an editor.
  form.addEventListener('keydown', e => { if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); save(); } });
  syntax.addEventListener('change', validate);
  nameInput.addEventListener('input', () => { valueField.hidden = nameInput.value.endsWith('/'); });

  function formatJson() {
    try { value.value = JSON.stringify(JSON.parse(value.value), null, 2); validate(); } catch { validate(); }
  }

  function showEntry(e) {
    entry = e;
    const decoded = decodeValue(e.Value);
    binary = decoded.text === null;
    value.value = binary ? decoded.base64 : decoded.text;
    value.readOnly = binary;
    saveBtn.disabled = binary;
    flags.value = String(e.Flags ?? 0);
    syntax.value = binary ? 'text' : detect(decoded.text);
    syntax.disabled = binary;
    notice.replaceChildren(binary ? h('p', { class: 'notice' }, `This value is binary (${plural(decoded.bytes, 'byte')}); it is shown as base64 and cannot be edited here.`) : '');
    validate();
    metaBox.replaceChildren(h('h2', null, 'Details'), h('dl', { class: 'facts facts-stack' },
      h('div', null, h('dt', null, 'Modify index'), h('dd', { 'data-field': 'modify-index' }, String(e.ModifyIndex))),
      h('div', null, h('dt', null, 'Create index'), h('dd', null, String(e.CreateIndex))),
      h('div', null, h('dt', null, 'Lock index'), h('dd', null, String(e.LockIndex))),
      h('div', null, h('dt', null, 'Size'), h('dd', null, plural(decoded.bytes, 'byte'))),
      h('div', null, h('dt', null, 'Lock held by'), h('dd', null, e.Session ? h('code', null, e.Session) : 'No session'))));
  }

  function flagsValue() {
    const f = flags.value.trim() || '0';
    if (!/^\d+$/.test(f) || BigInt(f) > 18446744073709551615n) return null;
    return f;
  }

  async function save() {
    conflictBox.replaceChildren();
    const f = flagsValue();
    if (f === null) {
      flags.setAttribute('aria-invalid', 'true');
      flags.focus();
      toast('Flags must be a whole number between 0 and 18446744073709551615', 'error');
      return;
    }
    flags.removeAttribute('aria-invalid');
    let target = key;
    if (creating) {
      const name = nameInput.value.trim();
      if (!name || name.startsWith('/')) {
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.focus();
        toast(name ? 'A key name cannot start with /' : 'Enter a key or folder name', 'error');
        return;
      }
      target = folder + name;
    }
    const isFolder = target.endsWith('/');
    if (!isFolder && !validate()) {
      value.focus();
      toast(`Not saved: the value is not valid ${syntax.selectedOptions[0].textContent}. Fix it or choose Plain text.`, 'error');
      return;
    }
    saveBtn.disabled = true;
    saving = true;
    try {
      const ok = await kvPut(target, isFolder ? '' : value.value, { cas: creating ? 0 : entry.ModifyIndex, flags: isFolder ? undefined : f });
      if (creating) {
        if (!ok) {
          conflictBox.replaceChildren(h('div', { class: 'conflict', role: 'alert' },
            h('h2', null, `${isFolder ? 'Folder' : 'Key'} already exists`),
            h('p', null, h('code', null, target), ' already exists, so nothing was written. ',
              h('a', { href: isFolder ? kvHref(ctx, target) : kvHref(ctx, target, '/edit') }, 'Open it'), ' instead.')));
          return;
        }
        toast(`Created ${target}`);
        ctx.navigate(isFolder ? kvHref(ctx, target) : kvHref(ctx, target, '/edit'));
        return;
      }
      if (ok) {
        const fresh = await kvGet(key);
        if (fresh) showEntry(fresh);
        toast('Saved');
        announce(`Saved ${key}`);
      } else {
        await showConflict();
      }
    } catch (e) {
      conflictBox.replaceChildren(errorPanel(e instanceof ApiError ? e : new ApiError('http', 0, String(e))));
    } finally {
      saving = false;
      saveBtn.disabled = binary;
    }
  }

  async function showConflict() {
    const current = await kvGet(key);
    const mine = value.value;
    const theirs = current ? decodeValue(current.Value) : null;
    const theirsText = theirs ? theirs.text ?? `(binary, ${theirs.bytes} bytes)` : '';
    const mineLines = new Set(mine.split('\n'));
    const theirLines = new Set(theirsText.split('\n'));
    const pane = (title, text, other, cls, sub) => h('div', { class: `conflict-pane ${cls}` },
      h('h3', null, title), sub ? h('p', { class: 'muted' }, sub) : null,
      h('pre', { class: 'code', tabindex: '0', 'aria-label': title }, text.split('\n').map(l => h('span', { class: other.has(l) ? 'same' : 'diff' }, l + '\n'))));
    notice.replaceChildren(); // the conflict below says it all
    conflictBox.replaceChildren(h('div', { class: 'conflict', role: 'alert', tabindex: '-1' },
      h('h2', null, icon('warning', 18), current ? ' Not saved: this key changed since you opened it' : ' Not saved: this key was deleted since you opened it'),
      h('p', null, current
        ? `You edited the version at index ${entry.ModifyIndex}; the server now has the version at index ${current.ModifyIndex}. Nothing was overwritten. Compare the two and choose.`
        : `You edited the version at index ${entry.ModifyIndex}; someone deleted the key since. Nothing was written.`),
      h('div', { class: 'conflict-panes' },
        pane('Your version', mine, theirLines, 'mine', `Flags ${flagsValue() ?? flags.value}`),
        current ? pane('Current version on the server', theirsText, mineLines, 'theirs', `Index ${current.ModifyIndex} · flags ${current.Flags}`)
          : h('div', { class: 'conflict-pane theirs' }, h('h3', null, 'Current version on the server'), h('p', { class: 'muted' }, 'The key no longer exists.'))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-danger', onclick: () => overwrite(current) }, current ? 'Overwrite with my version' : 'Recreate with my version'),
        current ? h('button', { type: 'button', class: 'btn', onclick: () => { showEntry(current); conflictBox.replaceChildren(); toast('Loaded the current version'); } }, 'Discard mine, load theirs') : null,
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => conflictBox.replaceChildren() }, 'Keep editing'))));
    conflictBox.firstChild.focus();
  }

  async function overwrite(current) {
    const ok = await kvPut(key, value.value, { cas: current ? current.ModifyIndex : 0, flags: flagsValue() });
    if (!ok) { await showConflict(); return; }
    conflictBox.replaceChildren();
    const fresh = await kvGet(key);
    if (fresh) showEntry(fresh);
    toast('Saved (overwrote the newer version)');
  }

  if (creating) {
    syntax.value = 'text';
    validate();
    nameInput.focus();
    return;
  }

  (async () => {
    try {
      const e = await kvGet(key, { signal: ctx.signal });
      if (ctx.signal.aborted) return;
      if (!e) {
        ctx.main.replaceChildren(h('div', { class: 'page' }, crumbs(ctx, key),
          emptyState(`Key "${key}" does not exist in ${ctx.dc}.`, 'It may have been deleted.',
            h('a', { class: 'btn btn-primary', href: kvHref(ctx, folder, 'create') }, 'Create a key here'),
            h('a', { class: 'btn', href: kvHref(ctx, folder) }, 'Open the folder'))));
        return;
      }
      showEntry(e);
      watchRemote();
    } catch (e) {
      if (!ctx.signal.aborted) ctx.main.replaceChildren(errorPanel(e, { retry: () => location.reload() }));
    }
  })();

  // Tell the operator when the key changes on the server while the editor is open; never replace their text.
  function watchRemote() {
    watch('/v1/kv/' + encodePath(key), {
      allow404: true,
      signal: ctx.signal,
      onData: data => {
        const remote = data ? data[0] : null;
        if (!entry || saving || (remote && remote.ModifyIndex === entry.ModifyIndex)) return;
        notice.replaceChildren(h('div', { class: 'notice notice-warning', role: 'status' },
          icon('warning', 16), remote ? ` This key was changed on the server (index ${remote.ModifyIndex}) after you opened it. ` : ' This key was deleted on the server after you opened it. ',
          remote ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => { showEntry(remote); notice.replaceChildren(); } }, 'Load the new version') : null,
          h('span', { class: 'muted' }, ' Saving now will show both versions first.')));
      },
      onError: () => {},
    });
  }
}
