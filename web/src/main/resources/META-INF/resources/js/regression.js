// One regression (or improvement): what changed where, how a probe confirmed it (js/probe.js), its
// status history, and triage buttons that PATCH its status with the token kept for this browser session.
import { confirmationPanel } from './probe.js';
import { api, render, el, enc, num, pct, fixed, paramsText, time, seriesLink, commitLink, commitBadge, errorBox, tokenPanel, token, scroll } from './core.js';

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
  const project = projectName || await projectOf(r);
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
async function projectOf(r) {
  const projects = await api('/api/v1/projects').catch(() => []);
  for (const p of projects) {
    const list = await api(`/api/v1/projects/${enc(p.name)}/regressions?kind=all&benchmark=${enc(r.benchmark)}&limit=1000`)
      .catch(() => []);
    if (list.some(x => x.id === r.id)) return p.name;
  }
  return null;
}
