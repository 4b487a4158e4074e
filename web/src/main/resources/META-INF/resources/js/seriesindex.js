// Every series of a project, searchable as you type (the words kept in the URL as ?q=), each row
// with a sparkline of its newest default-branch run levels, its latest level, its open change if it
// has one (a link to triage) and a link to its chart. GET …/series-index answers the rows in one
// query; the open changes come from the regressions list, matched here by the series' identity.
import { api, render, el, enc, num, pct, short, paramsText, seriesLink, commitLink, changeLink, changeStatus, errorBox } from './core.js';

const LIMIT = 500, POINTS = 30, TYPING_MS = 150;
/** A change awaiting a decision: suspected, being confirmed by a probe, or open. */
const OPEN = 'suspected,confirming,open';

export async function seriesIndexPage(project, query) {
  const p = enc(project);
  const q = query.get('q') || '';
  const [first, changes] = await Promise.all([
    api(`/api/v1/projects/${p}/series-index?limit=${LIMIT}&points=${POINTS}&q=${enc(q)}`),
    api(`/api/v1/projects/${p}/regressions?kind=all&status=${OPEN}&sort=newest&limit=1000`).catch(e => e)]);
  const openBySeries = new Map();
  if (Array.isArray(changes)) {
    for (const c of changes) if (!openBySeries.has(key(c))) openBySeries.set(key(c), c); // newest first: keep the newest
  }

  const count = el('p', { id: 'series-count', class: 'muted' });
  const list = el('ul', { id: 'series-list', class: 'series-list' });
  const search = el('input', { type: 'search', id: 'series-search', value: q, 'aria-label': 'search series',
    placeholder: 'benchmark, params or metric: launch args=4', autocomplete: 'off' });
  let typed = 0, timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const seq = ++typed, words = search.value.trim();
      // the search is kept in the URL without a new history entry or a re-render of the page
      history.replaceState(null, '', `#/p/${p}/series${words ? `?q=${enc(words)}` : ''}`);
      try {
        const rows = await api(`/api/v1/projects/${p}/series-index?limit=${LIMIT}&points=${POINTS}&q=${enc(words)}`);
        if (seq === typed) show(rows, words);
      } catch (e) {
        if (seq === typed) list.replaceChildren(el('li', {}, errorBox(e, 'the series')));
      }
    }, TYPING_MS);
  });

  function show(rows, words) {
    const total = rows.total ?? rows.length;
    count.textContent = (words ? `${total} series match “${words}”` : `${total} series`)
      + (total > rows.length ? ` · the first ${rows.length} shown: narrow the search` : '');
    list.replaceChildren(...(rows.length === 0
      ? [el('li', { id: 'series-none', class: 'empty muted' }, words ? 'No series matches these words.' : 'No series yet: upload a run.')]
      : [header(), ...rows.map(s => row(project, s, openBySeries.get(key(s))))]));
  }
  show(first, q);

  render(
    el('div', { class: 'title' }, el('h1', {}, 'Series'), el('a', { href: `#/p/${p}` }, `← ${project}`)),
    el('div', { class: 'controls series-filters' }, el('label', { for: 'series-search' }, 'search '), search),
    el('p', { class: 'muted hint' }, `Each line: the newest ${POINTS} runs on the default branch, oldest to newest; every word must occur in the benchmark, its parameters or the metric.`),
    count,
    Array.isArray(changes) ? null : errorBox(changes, 'the open changes'),
    list);
  if (q) search.focus();
}

/** A series' identity as both lists name it: benchmark, version, parameters, metric and environment. */
const key = s => [s.benchmark, s.version, paramsText(s.params), s.metric, s.environment].join('\u0000');

function header() {
  return el('li', { class: 'series-row head', 'aria-hidden': 'true' },
    ['series', 'environment', 'recent levels', 'latest', 'open change'].map(h => el('div', {}, h)));
}

function row(project, s, change) {
  const latest = s.latest;
  return el('li', { class: `series-row${change ? ` has-change ${change.kind}` : ''}`, 'data-id': s.id, 'data-key': `${s.benchmark} ${s.paramsKey} ${s.metric}` },
    el('div', { class: 'name-cell' },
      el('a', { href: seriesLink(project, s), class: 'chart' }, `${s.benchmark} v${s.version}`), ' ',
      el('span', { class: 'params' }, paramsText(s.params)), ' ', el('span', { class: 'metric muted' }, s.metric)),
    el('div', { class: 'env-cell muted' }, s.environment),
    el('div', { class: 'spark-cell' }, sparkline(s.levels || [])),
    el('div', { class: 'latest-cell' }, latest
      ? [el('span', { class: 'level' }, `${num(latest.median)} ${s.unit}`), ' ',
        el('a', { href: commitLink(project, latest.sha), class: 'commit' }, el('code', {}, short(latest.sha)))]
      : el('span', { class: 'muted' }, 'no branch runs')),
    el('div', { class: 'change-cell' }, change
      ? [el('a', { href: changeLink(project, change.id), class: 'triage', 'data-change': change.id }, `#${change.id} ${pct(change.changePercent)}`), ' ', changeStatus(change)]
      : ''));
}

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs) => {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
};

/** The levels as a line, oldest to newest, the newest marked; one level is one dot. */
function sparkline(levels) {
  const values = levels.map(l => Number(l.median)).filter(Number.isFinite);
  if (values.length === 0) return '';
  const W = 120, H = 28, P = 3;
  const lo = Math.min(...values), hi = Math.max(...values), span = hi - lo || 1;
  const x = i => (values.length === 1 ? W / 2 : P + (i * (W - 2 * P)) / (values.length - 1));
  const y = v => (hi === lo ? H / 2 : H - P - ((v - lo) * (H - 2 * P)) / span);
  const chart = svg('svg', { class: 'spark', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'data-points': values.length,
    'aria-label': `${values.length} levels, ${num(lo)} to ${num(hi)}, latest ${num(values[values.length - 1])}` });
  if (values.length > 1) chart.append(svg('polyline', { points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ') }));
  const last = values.length - 1;
  chart.append(svg('circle', { cx: x(last).toFixed(1), cy: y(values[last]).toFixed(1), r: 2.2, class: 'latest' }));
  return chart;
}
