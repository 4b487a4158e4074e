// One regression (or improvement): what changed where, the series around it (an inline SVG of the levels
// the API answers), its levels in the series' units, both commits' subjects and their range in the
// repository, how a probe confirmed it (js/probe.js), its status history, and triage buttons that PATCH
// its status with the token kept for this browser session.
import { confirmationPanel } from './probe.js';
import { api, render, el, enc, short, num, pct, fixed, paramsText, time, seriesLink, commitLink, commitBadge, errorBox, tokenPanel, token, scroll } from './core.js';

/** The statuses PATCH /api/v1/regressions/{id} accepts, as buttons; "intended" is acknowledged with intended: true. */
const ACTIONS = [
  { id: 'acknowledge', label: 'Acknowledge', status: 'acknowledged', help: 'seen, someone is on it' },
  { id: 'intended', label: 'Intended', status: 'acknowledged', intended: true, help: 'an expected change: the series is judged against the new level from here' },
  { id: 'false-positive', label: 'False positive', status: 'false_positive', help: 'noise, not a change: the baseline resets at the first bad commit' },
  { id: 'fixed', label: 'Fixed', status: 'fixed', help: 'the level is back' },
  { id: 'reopen', label: 'Reopen', status: 'open', help: 'back to open' },
];

export async function regressionPage(id, projectName) {
  if (!/^\d{1,18}$/.test(id)) throw new Error(`'${id}' is not a regression id (a number, as in the project's list of open regressions).`);
  const { regression: r, history } = await api(`/api/v1/regressions/${id}`);
  const projects = await api('/api/v1/projects').catch(() => []);
  const project = projectName || await projectOf(r, projects);
  const repoUrl = projects.find(p => p.name === project)?.repoUrl;
  // the first bad commit's answer: what its CI status, which links here, says
  const answer = project ? await api(`/api/v1/projects/${enc(project)}/commits/${r.firstBadCommit}/verdict`).catch(() => null) : null;
  const commit = sha => (project ? el('a', { href: commitLink(project, sha) }, el('code', {}, sha)) : el('code', {}, sha));
  const outcome = el('div', { id: 'triage-outcome', 'aria-live': 'polite' });
  const note = el('textarea', { id: 'triage-note', rows: 2, maxlength: 2000, placeholder: 'note (why; a link to the fix or the issue)', 'aria-label': 'note' });
  const act = async action => {
    if (!token.get()) { outcome.replaceChildren(el('p', { class: 'error' }, 'Enter an admin token or the project\'s upload token first.')); return; }
    const body = { status: action.status, note: note.value.trim() || undefined };
    if (action.intended) body.intended = true;
    try {
      await api(`/api/v1/regressions/${id}`, { method: 'PATCH', body });
      await regressionPage(id, project);
      document.getElementById('triage-outcome')?.replaceChildren(el('p', { class: 'ok' }, `Status set to ${action.status.replaceAll('_', ' ')}${action.intended ? ' (intended)' : ''}.`));
    } catch (e) {
      outcome.replaceChildren(errorBox(e, 'the status change'));
    }
  };
  const back = project ? el('p', { class: 'back' }, el('a', { href: `#/p/${enc(project)}` }, `← ${project}`)) : null;
  render(back,
    el('h1', {}, `${r.kind === 'improvement' ? 'Improvement' : 'Regression'} #${r.id}: ${r.benchmark} v${r.version}`),
    el('p', {}, el('span', { class: `status ${r.status}`, id: 'regression-status' }, r.status), ' ',
      `${pct(r.changePercent)} in ${r.metric} (${paramsText(r.params) || 'no params'})`),
    changeSummary(r, commit, repoUrl),
    answer ? el('p', { id: 'commit-answer' }, 'Its first bad commit\'s answer (its CI status): ', commitBadge(answer), ' ',
      el('span', { class: 'summary' }, answer.summary), ' · ', el('a', { href: commitLink(project, r.firstBadCommit) }, 'commit page')) : null,
    scroll(el('table', { class: 'facts', id: 'regression-facts' }, el('tbody', {},
      fact('benchmark', `${r.benchmark} v${r.version}`), fact('params', paramsText(r.params) || '–'),
      fact('metric', `${r.metric} (${r.unit}, ${(r.direction || '').replaceAll('_', ' ')})`),
      fact('change', `${pct(r.changePercent)} (threshold ±${fixed(r.thresholdPercent)}%, p = ${num(r.pValue)})`),
      fact('first bad commit', commit(r.firstBadCommit)),
      fact('last good commit', r.lastGoodCommit ? commit(r.lastGoodCommit) : '–'),
      fact('environment', r.environment), fact('detected', time(r.createdAt)),
      fact('note', r.note || '–'),
      fact('status changed', r.statusChangedAt ? `${time(r.statusChangedAt)} by ${r.statusChangedBy}` : '–')))),
    project ? el('p', { class: 'controls' },
      el('a', { href: seriesLink(project, r) }, 'Series chart'),
      r.lastGoodCommit ? el('a', { href: `#/p/${enc(project)}/compare?base=${r.lastGoodCommit}&head=${r.firstBadCommit}` }, 'Compare last good → first bad') : null) : null,
    project ? confirmationPanel(project, r, () => regressionPage(id, project).catch(e => render(errorBox(e)))) : null,
    el('h2', {}, 'Triage'),
    tokenPanel('Changing a status needs an admin token or this project\'s upload token.', () => regressionPage(id, project)),
    note,
    el('div', { class: 'controls triage-buttons' }, ACTIONS.filter(a => !(a.status === r.status && !a.intended)).map(a =>
      el('button', { type: 'button', id: `triage-${a.id}`, title: a.help, onclick: () => act(a) }, a.label))),
    outcome,
    el('h2', {}, 'Status history'),
    history.length === 0 ? el('p', { class: 'muted' }, 'No status changes yet.')
      : scroll(el('table', { id: 'history', class: 'data' },
          el('thead', {}, el('tr', {}, ['when', 'from', 'to', 'by', 'reason'].map(h => el('th', {}, h)))),
          el('tbody', {}, history.map(h => el('tr', {}, el('td', { class: 'nowrap' }, time(h.at)),
            el('td', {}, h.from || '–'), el('td', {}, h.to), el('td', {}, h.by), el('td', {}, h.reason || '')))))));
}

const fact = (k, v) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v));

/** For a bare #/regressions/{id} link: the answer names no project, so find the one whose list holds the id. */
async function projectOf(r, projects) {
  for (const p of projects) {
    const list = await api(`/api/v1/projects/${enc(p.name)}/regressions?kind=all&benchmark=${enc(r.benchmark)}&limit=1000`)
      .catch(() => []);
    if (list.some(x => x.id === r.id)) return p.name;
  }
  return null;
}

/** Levels in units, the chart around the change, both commits and their range, and where confirmation stands. */
function changeSummary(r, commit, repoUrl) {
  const unit = r.unit || '';
  const band = Number.isFinite(r.baseLevel) && Number.isFinite(r.thresholdPercent) ? Math.abs(r.baseLevel) * r.thresholdPercent / 100 : null;
  const range = rangeLink(repoUrl, r.lastGoodCommit, r.firstBadCommit);
  const subject = (sha, message, which) => el('li', { id: `triage-${which}` }, el('span', { class: 'muted' }, which.replace('-', ' '), ' '),
    sha ? commit(sha) : '–', ' ', el('span', { class: 'subject' }, message || (sha ? '(no message)' : '')));
  return el('section', { id: 'triage-summary' },
    el('p', { id: 'triage-levels', class: 'levels' },
      el('span', { class: 'level' }, `${num(r.baseLevel)} ${unit}`), ' → ',
      el('span', { class: `level ${r.kind}` }, `${num(r.headLevel)} ${unit}`), ' ',
      el('span', { class: 'change' }, pct(r.changePercent)),
      el('span', { class: 'muted' }, ` · threshold ±${fixed(r.thresholdPercent)}%`
        + (band === null ? '' : ` (±${num(band)} ${unit})`))),
    levelsChart(r),
    el('ul', { id: 'triage-commits', class: 'commits' }, subject(r.lastGoodCommit, r.lastGoodMessage, 'last-good'),
      subject(r.firstBadCommit, r.firstBadMessage, 'first-bad')),
    range ? el('p', {}, el('a', { id: 'repo-range', href: range, rel: 'noopener noreferrer', target: '_blank' },
      `The commits ${short(r.lastGoodCommit)}…${short(r.firstBadCommit)} in the repository`)) : null,
    el('p', { id: 'triage-confirmation' }, el('span', { class: 'muted' }, 'Confirmation: '), confirmationText(r.confirmation)));
}

function confirmationText(c) {
  if (!c) return 'no probe has measured it again yet.';
  const probe = `probe #${c.probe} ${(c.state || '').replaceAll('_', ' ')}${c.outcome ? ` (${c.outcome.replaceAll('_', ' ')})` : ''}`;
  return c.bisection ? `${probe} · bisection #${c.bisection} ${(c.bisectionState || '').replaceAll('_', ' ')}` : probe;
}

/**
 * The repository's page for the commits after the last good up to the first bad, where the project's
 * repoUrl is an https GitHub or GitLab URL; null otherwise (no guess at another host's URL scheme).
 */
export function rangeLink(repoUrl, lastGood, firstBad) {
  if (!repoUrl || !lastGood || !firstBad) return null;
  let url;
  try { url = new URL(repoUrl); } catch { return null; }
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  if (!/^\/[^/]+\/.+/.test(path)) return null;
  const host = url.hostname.toLowerCase();
  const base = `https://${url.host}${path}`;
  if (host === 'github.com') return `${base}/compare/${lastGood}...${firstBad}`;
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return `${base}/-/compare/${lastGood}...${firstBad}`;
  return null;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/**
 * The series' level at the measured commits around the change, oldest first: the base level and its
 * threshold band before the first bad commit, the head level from it on, the first bad commit marked.
 */
function levelsChart(r) {
  const levels = (r.levels || []).filter(l => Number.isFinite(l.median));
  if (levels.length === 0) return el('p', { id: 'triage-chart', class: 'muted' }, 'No measured levels around the change.');
  const W = 640, H = 220, left = 64, right = 12, top = 14, bottom = 34;
  const bad = levels.findIndex(l => l.sha === r.firstBadCommit);
  const band = Number.isFinite(r.baseLevel) && Number.isFinite(r.thresholdPercent) ? Math.abs(r.baseLevel) * r.thresholdPercent / 100 : 0;
  const values = levels.map(l => l.median).concat([r.baseLevel, r.headLevel].filter(Number.isFinite));
  if (band) values.push(r.baseLevel - band, r.baseLevel + band);
  let lo = Math.min(...values), hi = Math.max(...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  lo -= pad; hi += pad;
  const x = i => left + (levels.length === 1 ? (W - left - right) / 2 : i * (W - left - right) / (levels.length - 1));
  const y = v => top + (hi - v) * (H - top - bottom) / (hi - lo);
  const unit = r.unit || '';
  const split = bad > 0 ? (x(bad - 1) + x(bad)) / 2 : bad === 0 ? x(0) : W - right;
  const parts = [
    svg('title', {}, `${r.benchmark} ${r.metric} around the change, in ${unit}`),
    ...[hi - pad, (hi + lo) / 2, lo + pad].map(v => svg('g', { class: 'tick' },
      svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v) }),
      svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${num(v)}`))),
    svg('text', { x: 4, y: top + 2, class: 'unit', 'dominant-baseline': 'hanging' }, unit),
    band ? svg('rect', { class: 'band', x: left, width: Math.max(0, split - left), y: y(r.baseLevel + band), height: y(r.baseLevel - band) - y(r.baseLevel + band) },
      svg('title', {}, `threshold: ${num(r.baseLevel)} ± ${num(band)} ${unit}`)) : null,
    Number.isFinite(r.baseLevel) ? svg('line', { class: 'base-level', x1: left, x2: split, y1: y(r.baseLevel), y2: y(r.baseLevel) }) : null,
    Number.isFinite(r.headLevel) && bad >= 0 ? svg('line', { class: 'head-level', x1: split, x2: W - right, y1: y(r.headLevel), y2: y(r.headLevel) }) : null,
    bad >= 0 ? svg('g', { class: 'first-bad-marker' },
      svg('line', { x1: x(bad), x2: x(bad), y1: top, y2: H - bottom }),
      svg('text', { x: x(bad), y: H - bottom + 14, 'text-anchor': x(bad) > W - 80 ? 'end' : 'middle' }, `first bad ${short(r.firstBadCommit).slice(0, 7)}`)) : null,
    svg('polyline', { class: 'levels-line', points: levels.map((l, i) => `${x(i)},${y(l.median)}`).join(' ') }),
    ...levels.map((l, i) => svg('circle', {
      class: `level-point${i === bad ? ' first-bad' : ''}${l.sha === r.lastGoodCommit ? ' last-good' : ''}${bad >= 0 && i >= bad ? ' after' : ''}`,
      cx: x(i), cy: y(l.median), r: i === bad ? 5 : 3.5, 'data-sha': l.sha },
    svg('title', {}, `${short(l.sha)}: ${num(l.median)} ${unit}${i === bad ? ' (first bad)' : l.sha === r.lastGoodCommit ? ' (last good)' : ''}`))),
    svg('text', { x: left, y: H - 6, class: 'axis' }, `${levels.length} measured commits, oldest first`),
  ];
  return el('figure', { id: 'triage-chart', class: 'levels-chart' },
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `The level of ${r.metric} at ${levels.length} measured commits around the change, in ${unit}; the first bad commit marked`,
      preserveAspectRatio: 'xMidYMid meet' }, parts),
    el('figcaption', { class: 'muted' }, 'Each point is a commit\'s level (the median of its runs\' medians); the shaded band is the threshold around the base level; the dashed line marks the first bad commit.'));
}
