// The UI's only way to the agent: the public HTTP API (/v1/...), with the chosen datacenter as ?dc= and the
// token from Settings as X-Consul-Token. Failures become ApiError with a kind the views explain to the operator.

const TOKEN_KEY = 'consul-ui:token';
const BLOCKING_KEY = 'consul-ui:blocking';

export const settings = {
  get token() { return localStorage.getItem(TOKEN_KEY) ?? ''; },
  set token(v) { if (v) localStorage.setItem(TOKEN_KEY, v); else localStorage.removeItem(TOKEN_KEY); },
  /** Live updates through blocking queries (on unless turned off in Settings). */
  get blocking() { return localStorage.getItem(BLOCKING_KEY) !== 'off'; },
  set blocking(v) { localStorage.setItem(BLOCKING_KEY, v ? 'on' : 'off'); },
};

/** The datacenter every request is sent to (set by the router from the URL). */
export const context = { dc: '' };

export class ApiError extends Error {
  /**
   * kind: 'unreachable' (no HTTP answer), 'forbidden' (403), 'noleader' (500 No cluster leader),
   * 'nodc' (500 No path to datacenter), 'notfound' (404), 'http' (anything else).
   */
  constructor(kind, status, message, body = '') {
    super(message);
    this.kind = kind;
    this.status = status;
    this.body = body;
  }
}

/** Encodes a KV key or a name for a URL path, keeping the slashes of a key. */
export function encodePath(p) {
  return p.split('/').map(encodeURIComponent).join('/');
}

function buildUrl(path, query, dc) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    params.append(k, v === true ? '' : String(v));
  }
  if (dc) params.set('dc', dc);
  const qs = params.toString().replace(/=(&|$)/g, '$1');
  return path + (qs ? '?' + qs : '');
}

/**
 * One request. Returns { data, index, status }. `raw: true` returns the body as text; GETs parse JSON.
 * `dc: null` sends no ?dc (agent-local calls such as /v1/agent/self).
 */
export async function request(path, { method = 'GET', query, body, signal, dc = context.dc, raw = false, allow404 = false } = {}) {
  const headers = {};
  const token = settings.token;
  if (token) headers['X-Consul-Token'] = token;
  const url = buildUrl(path, query, dc);
  let res;
  try {
    res = await fetch(url, { method, headers, body, signal, cache: 'no-store' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError('unreachable', 0, `Cannot reach the Consul agent at ${location.host}`);
  }
  const index = Number(res.headers.get('X-Consul-Index') ?? 0);
  if (res.status === 404 && allow404) return { data: null, index, status: 404 };
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).trim();
    throw toError(res.status, text);
  }
  const text = await res.text();
  let data = text;
  if (!raw) {
    try { data = text.length ? JSON.parse(text) : null; } catch { data = text; }
  }
  return { data, index, status: res.status };
}

function toError(status, text) {
  if (status === 403) return new ApiError('forbidden', status, 'Permission denied', text);
  if (status === 404) return new ApiError('notfound', status, 'Not found', text);
  if (/No cluster leader/i.test(text)) return new ApiError('noleader', status, 'No cluster leader', text);
  if (/No path to datacenter/i.test(text)) return new ApiError('nodc', status, 'No path to datacenter', text);
  if (status === 502 || status === 503 || status === 504) return new ApiError('unreachable', status, `The agent answered ${status}`, text);
  return new ApiError('http', status, text || `HTTP ${status}`, text);
}

const sleep = (ms, signal) => new Promise(resolve => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/**
 * Keeps `path` live with blocking queries: the first call answers at once, each next one carries ?index=<last
 * X-Consul-Index> and returns when the data changed (or after `wait`). `onData(data, meta)` runs for the first
 * answer and each change; `onError(err, retryInMs)` for failures, retried with backoff (1s..30s); `onRecover()` once
 * a request succeeds again. Stops when `signal` aborts (the view is left).
 */
export function watch(path, { query, onData, onError, onRecover, signal, allow404 = false, wait = '5m' }) {
  let index = 0;
  let failures = 0;
  (async () => {
    while (!signal.aborted) {
      const q = { ...query };
      if (index > 0) { q.index = index; q.wait = wait; }
      try {
        const res = await request(path, { query: q, signal, allow404 });
        if (failures > 0) onRecover?.();
        failures = 0;
        const changed = index === 0 || res.index !== index;
        // An index that goes backwards (a restored snapshot, another server) restarts from zero, as Consul's
        // clients do; a missing index (an endpoint that does not block) falls back to polling.
        const next = res.index > 0 ? (res.index < index ? 0 : res.index) : -1;
        if (changed && !signal.aborted) onData(res.data, res);
        if (!settings.blocking) return;
        if (next < 0) { await sleep(10000, signal); index = 0; } else index = next;
      } catch (e) {
        if (signal.aborted) return;
        failures++;
        const delay = Math.min(30000, 1000 * 2 ** Math.min(failures - 1, 5));
        onError?.(e, delay);
        await sleep(delay, signal);
      }
    }
  })();
}

// Shorthands used by the views.
export const get = (path, opts) => request(path, opts).then(r => r.data);

export function kvGet(key, opts) {
  return request('/v1/kv/' + encodePath(key), { ...opts, allow404: true }).then(r => (r.data ? r.data[0] : null));
}

/** PUT a KV value; resolves true/false as Consul answers (false: the CAS index did not match). */
export function kvPut(key, value, { cas, flags } = {}) {
  const query = {};
  if (cas !== undefined && cas !== null) query.cas = cas;
  if (flags !== undefined && flags !== null && flags !== '' && String(flags) !== '0') query.flags = flags;
  return request('/v1/kv/' + encodePath(key), { method: 'PUT', query, body: value }).then(r => r.data === true);
}

export function kvDelete(key, { recurse = false, cas } = {}) {
  const query = { recurse: recurse || undefined, cas };
  return request('/v1/kv/' + encodePath(key), { method: 'DELETE', query }).then(r => r.data === true);
}

/** Decodes a KV Value (base64) to text; null when the bytes are not UTF-8 (a binary value). */
export function decodeValue(b64) {
  if (!b64) return { text: '', bytes: 0 };
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, c => c.charCodeAt(0));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bytes: bytes.length };
  } catch {
    return { text: null, bytes: bytes.length, base64: b64 };
  }
}
