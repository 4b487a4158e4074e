// Changes on record as tables and one-line items: a commit's own changes, the regressions it sits
// on, a project's present regressions. Every row names its series (linked to its chart), its size
// against the threshold, where it stands, and links to its triage page.
import { el, short, pct, num, fixed, paramsText, time, seriesLink, changeLink, commitLink, changeStatus, changeCounts, seriesText, scroll } from './core.js';

const why = c => (changeCounts(c) ? 'yes' : c.intended ? 'no: intended' : c.status === 'confirming' ? 'not yet: confirming'
  : `no: ${c.status.replaceAll('_', ' ')}`);

/**
 * options: id (of the table); kind, counted (whether it makes its commit red or green), firstBad,
 * lastGood, since: the optional columns.
 */
export function changesTable(project, changes, { id, kind = false, counted = false, firstBad = false, lastGood = false, since = false }) {
  const commit = sha => (sha ? el('a', { href: commitLink(project, sha), class: 'commit' }, el('code', {}, short(sha))) : '–');
  const columns = [
    ['benchmark', c => el('a', { href: seriesLink(project, c), class: 'series', title: 'series chart' }, `${c.benchmark} v${c.version}`)],
    ['params', c => paramsText(c.params) || '–'],
    ['metric', c => c.metric],
    kind && ['kind', c => el('span', { class: `verdict ${c.kind}` }, c.kind)],
    ['change', c => pct(c.changePercent), 'num'],
    ['threshold', c => (c.thresholdPercent == null ? '–' : `±${fixed(c.thresholdPercent)}%`), 'num'],
    ['status', c => changeStatus(c)],
    counted && ['counted', why],
    firstBad && ['first bad', c => commit(c.firstBadCommit)],
    lastGood && ['last good', c => commit(c.lastGoodCommit)],
    since && ['since', c => time(c.createdAt), 'nowrap'],
    ['', c => el('a', { href: changeLink(project, c.id), class: 'triage' }, `triage #${c.id}`), 'nowrap'],
  ].filter(Boolean);
  return scroll(el('table', { id, class: 'data changes' },
    el('thead', {}, el('tr', {}, columns.map(([h, , cls]) => el('th', { class: cls === 'num' ? 'num' : null }, h)))),
    el('tbody', {}, changes.map(c => el('tr', { class: `${c.kind}${changeCounts(c) ? '' : ' not-counted'}`, 'data-id': c.id },
      columns.map(([, cell, cls]) => el('td', { class: cls }, cell(c))))))));
}

/** One change in a line: "regression #12 launch.enqueue v1 args=4 host_us_per_op +16.15% (open)". */
export function changeItem(project, c, { sitsOn = false } = {}) {
  return el('li', { class: sitsOn ? 'sits-on' : `change ${c.kind}`, 'data-id': c.id },
    sitsOn ? 'sits on ' : el('span', { class: `verdict ${c.kind}` }, c.kind), ' ',
    el('a', { href: changeLink(project, c.id), class: 'triage' }, `#${c.id}`), ' ',
    el('a', { href: seriesLink(project, c), class: 'series' }, seriesText(c)), ' ',
    el('strong', {}, pct(c.changePercent)), ' ', changeStatus(c),
    sitsOn ? [' from ', el('a', { href: commitLink(project, c.firstBadCommit) }, el('code', {}, short(c.firstBadCommit)))] : null,
    !sitsOn && !changeCounts(c) ? el('span', { class: 'muted' }, ' (does not count)') : null);
}

/** The statuses of a change still awaiting a decision: the inbox lists them first. */
const UNDECIDED = ['suspected', 'confirming', 'open'];
const STATES = ['suspected', 'confirming', 'open', 'acknowledged', 'fixed', 'false_positive', 'unconfirmed', 'dismissed'];
const INBOX_ROWS = 50;
const LEVELS = 16;

/**
 * A project's changes inbox: every regression and improvement in every state, those awaiting a
 * decision first, then by size over threshold; filtered by state, kind, benchmark text and
 * environment (each filter a new request). Above it, the newest change awaiting a decision, so its
 * commit, size and threshold are the first thing the dashboard shows.
 */
export async function inbox(api, project) {
  const base = `/api/v1/projects/${encodeURIComponent(project)}/regressions?kind=all`;
  const [first, newest] = await Promise.all([
    api(`${base}&sort=size&levels=${LEVELS}&limit=${INBOX_ROWS}`).catch(e => e),
    api(`${base}&status=${UNDECIDED.join(',')}&limit=1`).catch(e => e)]);
  const section = el('section', { id: 'inbox', class: 'inbox' },
    el('h2', { id: 'inbox-title' }, 'Changes', Array.isArray(first) ? ` (${first.total ?? first.length})` : ''));
  if (first instanceof Error) {
    section.append(el('div', { class: 'error', role: 'alert' }, el('strong', {}, 'Could not load the changes. '), first.message));
    return section;
  }
  section.append(newestOpen(project, newest));
  if (first.length === 0) {
    section.append(el('p', { id: 'inbox-empty', class: 'muted' }, 'No regression or improvement on record yet.'));
    return section;
  }
  const environments = [...new Set(first.map(c => c.environment))].sort();
  const option = (value, text, selected = false) => el('option', { value, selected }, text);
  const state = el('select', { id: 'inbox-state', 'aria-label': 'state' }, option('', 'every state', true),
    option(UNDECIDED.join(','), 'awaiting a decision'), STATES.map(s => option(s, s.replaceAll('_', ' '))));
  const kind = el('select', { id: 'inbox-kind', 'aria-label': 'kind' }, option('all', 'regressions and improvements', true),
    option('regression', 'regressions'), option('improvement', 'improvements'));
  const search = el('input', { id: 'inbox-search', type: 'search', placeholder: 'benchmark', 'aria-label': 'benchmark', autocomplete: 'off' });
  const environment = el('select', { id: 'inbox-environment', 'aria-label': 'environment' }, option('', 'every environment', true),
    environments.map(e => option(e, e)));
  const list = el('div', { id: 'inbox-rows' }, rows(project, first));
  let asked = 0;
  const refilter = async () => {
    const mine = ++asked;
    const filters = [['status', state.value], ['q', search.value.trim()], ['environment', environment.value]]
      .filter(([, v]) => v).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
    const answer = await api(`${base.replace('kind=all', `kind=${kind.value}`)}${filters}&sort=size&levels=${LEVELS}&limit=${INBOX_ROWS}`)
      .catch(e => e);
    if (mine !== asked) return; // a newer filter was asked for meanwhile
    list.replaceChildren(...[answer instanceof Error
      ? el('div', { class: 'error', role: 'alert' }, el('strong', {}, 'Could not filter the changes. '), answer.message)
      : rows(project, answer)].flat().filter(Boolean));
  };
  let typing;
  [state, kind, environment].forEach(s => s.addEventListener('change', refilter));
  search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(refilter, 250); });
  section.append(el('div', { class: 'controls inbox-filters', id: 'inbox-filters' }, state, kind, search, environment), list);
  return section;
}

/** The newest change still awaiting a decision, in one line: where it stands, its size, its threshold and its commit. */
function newestOpen(project, newest) {
  if (!Array.isArray(newest) || newest.length === 0) {
    return el('p', { id: 'newest-open', class: 'newest-open none' }, newest instanceof Error
      ? `Could not load the newest open change: ${newest.message}` : 'No change awaits a decision.');
  }
  const c = newest[0];
  return el('p', { id: 'newest-open', class: `newest-open ${c.kind}`, 'data-id': c.id },
    el('span', { class: 'label' }, 'Newest open: '), changeStatus(c), ' ', el('span', { class: `verdict ${c.kind}` }, c.kind), ' ',
    el('strong', { class: 'size' }, pct(c.changePercent)), ' ',
    el('span', { class: 'threshold' }, `threshold ±${fixed(c.thresholdPercent)}%${over(c)}`), ' ',
    el('a', { href: seriesLink(project, c), class: 'series' }, seriesText(c)), ' at ', commitRef(project, c));
}

const over = c => (Number.isFinite(c.sizeOverThreshold) ? ` · ${c.sizeOverThreshold.toFixed(1)}× over` : '');

/** The first bad commit as a link to its page, with its subject. */
function commitRef(project, c) {
  return el('span', { class: 'commit-ref' },
    el('a', { href: commitLink(project, c.firstBadCommit), class: 'commit' }, el('code', {}, short(c.firstBadCommit))),
    c.firstBadMessage ? el('span', { class: 'subject' }, ' ', c.firstBadMessage) : null);
}

function rows(project, changes) {
  if (changes.length === 0) return el('p', { id: 'inbox-none', class: 'muted' }, 'No change matches these filters.');
  return [el('ol', { id: 'inbox-list', class: 'inbox-list' }, changes.map(c => inboxRow(project, c))),
    (changes.total ?? 0) > changes.length ? el('p', { class: 'muted' }, `The first ${changes.length} of ${changes.total} are shown.`) : null];
}

function inboxRow(project, c) {
  const unit = c.unit ? ` ${c.unit}` : '';
  return el('li', { class: `inbox-row ${c.kind}${UNDECIDED.includes(c.status) ? ' undecided' : ''}`, 'data-id': c.id,
    'data-status': c.status, 'data-size': c.sizeOverThreshold ?? '' },
  el('div', { class: 'verdict-cell' }, changeStatus(c), ' ', el('span', { class: `verdict ${c.kind}` }, c.kind)),
  el('div', { class: 'change-cell' }, el('strong', { class: 'size' }, pct(c.changePercent)),
    el('span', { class: 'levels muted' }, ` ${num(c.baseLevel)} → ${num(c.headLevel)}${unit}`)),
  el('div', { class: 'threshold-cell' }, `±${fixed(c.thresholdPercent)}%`, el('span', { class: 'muted' }, over(c))),
  el('div', { class: 'series-cell' }, el('a', { href: seriesLink(project, c), class: 'series' }, seriesText(c)),
    el('span', { class: 'env muted' }, ` · ${c.environment}`)),
  el('div', { class: 'commit-cell' }, commitRef(project, c)),
  el('div', { class: 'confirm-cell muted' }, confirmation(c)),
  el('div', { class: 'spark-cell' }, sparkline(c)),
  el('div', { class: 'triage-cell' }, el('a', { href: changeLink(project, c.id), class: 'triage' }, `triage #${c.id}`)));
}

/** "probe #4 concluded: confirmed · bisection #2 pinned", or nothing when no probe measured the change. */
function confirmation(c) {
  const k = c.confirmation;
  if (!k) return '';
  return [`probe #${k.probe} ${k.state}${k.outcome ? `: ${k.outcome}` : ''}`,
    k.bisection ? `bisection #${k.bisection} ${k.bisectionState.replaceAll('_', ' ')}` : null].filter(Boolean).join(' · ');
}

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs) => {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
};

/** The series' levels around the change as a line, the first bad commit marked. */
function sparkline(c) {
  const levels = (c.levels || []).filter(l => Number.isFinite(l.median));
  if (levels.length < 2) return '';
  const W = 120, H = 28, P = 3;
  const values = levels.map(l => l.median);
  const lo = Math.min(...values), hi = Math.max(...values), span = hi - lo || 1;
  const x = i => P + (i * (W - 2 * P)) / (levels.length - 1);
  const y = v => H - P - ((v - lo) * (H - 2 * P)) / span;
  const chart = svg('svg', { class: 'spark', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
    'aria-label': `levels ${values.map(v => num(v)).join(', ')}` });
  chart.append(svg('polyline', { points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ') }));
  const at = levels.findIndex(l => l.sha === c.firstBadCommit);
  if (at >= 0) chart.append(svg('circle', { cx: x(at).toFixed(1), cy: y(values[at]).toFixed(1), r: 2.5, class: 'first-bad' }));
  return chart;
}
