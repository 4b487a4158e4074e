// Shared by every view: API calls (with the token kept for this browser session), DOM building,
// number and time formatting in one place, so no view breaks on a null or a non-number.

// uncaught errors, failed loads and policy violations, counted for the browser test
window.hostgapErrors = 0;
window.addEventListener('error', () => { window.hostgapErrors++; }, true);
window.addEventListener('unhandledrejection', () => { window.hostgapErrors++; });
document.addEventListener('securitypolicyviolation', () => { window.hostgapErrors++; });

export const app = document.getElementById('app');

/** Replaces the view; children may be nested arrays, and null or false ones are left out. */
export function render(...children) {
  app.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
}

const leaving = [];
/** Work to undo when the view is left (listeners on window, charts). */
export const onLeave = f => { leaving.push(f); };
export function leave() {
  while (leaving.length) { try { leaving.pop()(); } catch { /* the view is gone either way */ } }
}

const TOKEN_KEY = 'hostgap.token';
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => { sessionStorage.setItem(TOKEN_KEY, value.trim()); window.dispatchEvent(new Event('hostgap-token')); },
  forget: () => { sessionStorage.removeItem(TOKEN_KEY); window.dispatchEvent(new Event('hostgap-token')); },
};

/** An API answer that was not 2xx: the ProblemDetail's detail is what a person can act on. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.type = problem.type;
  }
}

/**
 * Calls the API. Writes, and reads that need one ({ auth: true }), carry the kept token; other reads
 * go without it and are retried with it only when the platform refuses an anonymous read (public
 * reads turned off), so a wrong kept token never hides what anybody may read.
 */
export async function api(path, { method = 'GET', body, auth = method !== 'GET' } = {}) {
  try {
    return await call(path, method, body, auth);
  } catch (e) {
    if (!auth && e.status === 401 && token.get()) return call(path, method, body, true);
    throw e;
  }
}

async function call(path, method, body, auth) {
  const headers = { Accept: 'application/json' };
  if (auth && token.get()) headers.Authorization = `Bearer ${token.get()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: `The platform did not answer (${e.message}). Is it running?` });
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' ? parsed : { detail: `${response.status} ${response.statusText}` };
    if (response.status === 401 && headers.Authorization) problem.detail = `${problem.detail || 'Unauthenticated.'} The kept token was refused: forget it and enter another.`;
    throw new ApiError(response.status, problem);
  }
  // a paged list says how many there are in all: kept on the array as .total
  const total = response.headers.get('X-Total-Count');
  if (Array.isArray(parsed) && total !== null) parsed.total = Number(total);
  return parsed;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'value') node.value = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const enc = encodeURIComponent;
export const short = sha => (typeof sha === 'string' ? sha.slice(0, 10) : '–');
const finite = v => v !== null && v !== undefined && v !== '' && Number.isFinite(Number(v));
export const num = v => (finite(v) ? Number(v).toPrecision(4) : '–');
export const pct = v => (finite(v) ? (Number(v) > 0 ? '+' : '') + Number(v).toFixed(2) + '%' : '–');
export const fixed = (v, d = 2) => (finite(v) ? Number(v).toFixed(d) : '–');
export const paramsText = p => Object.entries(p || {}).map(([k, v]) => `${k}=${v}`).join(', ');
export const time = t => (t ? new Date(t).toISOString().slice(0, 16).replace('T', ' ') : '–');
export const firstLine = m => (m || '').split('\n')[0];

/** "3 min ago" for heartbeats and uploads; the exact time is in the title. */
export function ago(t) {
  if (!t) return 'never';
  const s = Math.round((Date.now() - new Date(t).getTime()) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** The verdict words of the API, in its order (regressions first). */
export const VERDICTS = ['regression', 'improvement', 'unchanged', 'insufficient_history', 'insufficient_data'];
export const verdictBadge = v => el('span', { class: `verdict ${v}`, 'data-verdict': v }, v);

export function seriesLink(project, r) {
  return `#/p/${enc(project)}/series/${enc(r.benchmark)}/${enc(r.metric)}/${enc(paramsText(r.params).replaceAll(', ', ','))}`;
}

export const commitLink = (project, sha) => `#/p/${enc(project)}/commits/${sha}`;
export const changeLink = (project, id) => `#/p/${enc(project)}/regressions/${id}`;

/**
 * A commit's answer (GET …/commits/{sha}/verdict) as one badge: the verdict once judged, else the
 * state (pending, error). Red only for "regression", which the API gives only when a counted
 * regression is dated to the commit itself.
 */
export function commitBadge(v) {
  if (!v) return el('span', { class: 'verdict unknown', 'data-state': 'unknown' }, '–');
  return v.state === 'judged' && v.verdict
    ? el('span', { class: `verdict ${v.verdict}`, 'data-verdict': v.verdict, 'data-state': v.state }, v.verdict)
    : el('span', { class: `verdict state-${v.state}`, 'data-state': v.state }, v.state);
}

/** "1 regression, 1 unchanged": a commit answer's nonzero counts, in the API's verdict words. */
export function verdictCounts(v) {
  const parts = [[v.regressions, 'regression'], [v.improvements, 'improvement'], [v.unchanged, 'unchanged'],
    [v.insufficientHistory, 'insufficient_history'], [v.insufficientData, 'insufficient_data']].filter(([n]) => n > 0);
  return parts.length === 0 ? 'none judged yet' : parts.map(([n, word]) => `${n} ${word}`).join(', ');
}

/**
 * Whether a change on record makes its first bad commit red or green (the API's counts; the list of
 * regressions lacks it): a suspicion a probe is confirming, or did not confirm, does not.
 */
export const changeCounts = c => c.counts ?? (!['false_positive', 'dismissed', 'confirming', 'unconfirmed'].includes(c.status) && !c.intended);

/** Where a change stands: its status, and "intended" for an acknowledged change whose baseline was reset. */
export const changeStatus = c => el('span', { class: `status ${c.status}`, 'data-status': c.status },
  c.status.replaceAll('_', ' ') + (c.intended ? ' · intended' : ''));

/** "launch.enqueue v1 args=4 host_us_per_op": a series the way every list names it. */
export const seriesText = c => [`${c.benchmark} v${c.version}`, paramsText(c.params), c.metric].filter(Boolean).join(' ');

/** A problem shown where the view would be: what failed and the API's detail. */
export function errorBox(e, what) {
  return el('div', { class: 'error', role: 'alert' },
    el('strong', {}, what ? `Could not load ${what}. ` : 'Could not load this page. '), e.message || String(e));
}

/** A horizontally scrollable frame, so wide tables stay usable at phone width. */
export const scroll = table => el('div', { class: 'scroll' }, table);

/** Token entry or the "kept token" line with a forget control; onChange re-renders the calling view. */
export function tokenPanel(purpose, onChange) {
  const rerender = () => Promise.resolve(onChange?.()).catch(e => render(errorBox(e)));
  if (token.get()) {
    return el('p', { class: 'token kept', id: 'token-kept' }, 'Using the token kept for this browser session. ',
      el('button', { type: 'button', id: 'forget-token', onclick: () => { token.forget(); rerender(); } }, 'Forget token'));
  }
  const input = el('input', { type: 'password', id: 'token-input', autocomplete: 'off', placeholder: 'hg_…', 'aria-label': 'token' });
  const save = () => { if (input.value.trim()) { token.set(input.value); rerender(); } };
  input.addEventListener('keydown', e => { if (e.key === 'Enter') save(); });
  return el('div', { class: 'token missing', id: 'token-missing' },
    el('p', {}, purpose, ' It is kept in this tab only (sessionStorage) until you forget it or close the browser.'),
    el('div', { class: 'controls' }, input, el('button', { type: 'button', id: 'save-token', onclick: save }, 'Keep token')));
}
