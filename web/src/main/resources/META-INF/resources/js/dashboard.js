// A project's dashboard: first the changes inbox (every regression and improvement, those awaiting
// a decision first, the newest of them in one line above), then the branch's latest commits with
// their answers (each badge opens the changes dated to the commit and the regressions it sits on),
// the regressions still present, recent runs with their failed workloads, and a branch picker. An
// empty project says how to upload.
import { api, render, el, enc, short, paramsText, time, firstLine, commitBadge, commitLink, verdictCounts, errorBox, scroll } from './core.js';
import { changesTable, changeItem, inbox } from './changes.js';

const COMMITS = 20;
/** The statuses of a regression whose level the branch still runs at (or may: a probe is confirming it). */
const PRESENT = ['confirming', 'suspected', 'open', 'acknowledged'];

export async function dashboardPage(name, query) {
  const p = enc(name);
  const project = (await api('/api/v1/projects')).find(x => x.name === name);
  if (!project) throw new Error(`No project named '${name}'. Pick one from the project list.`);
  const runsOfAll = await api(`/api/v1/projects/${p}/runs?limit=200`);
  const title = el('div', { class: 'title' }, el('h1', {}, name), el('span', { class: 'muted' }, project.repoUrl),
    el('nav', { class: 'project-nav', id: 'project-nav', 'aria-label': 'project pages' },
      el('a', { href: `#/p/${p}/series` }, 'series'), el('a', { href: `#/p/${p}/calibrations` }, 'calibrations'),
      el('a', { href: `#/p/${p}/thresholds` }, 'threshold rules')));
  if (runsOfAll.length === 0) {
    render(title, emptyProject(name));
    return;
  }
  const branch = query.get('branch') || project.defaultBranch;
  const branches = [...new Set([project.defaultBranch, branch, ...runsOfAll.map(r => r.branch).filter(Boolean)])];
  const picker = el('select', { id: 'branch', 'aria-label': 'branch',
    onchange: e => { location.hash = `#/p/${p}?branch=${enc(e.target.value)}`; } },
    branches.map(b => el('option', { value: b, selected: b === branch }, b === project.defaultBranch ? `${b} (default)` : b)));

  const [changes, commits, present, runs] = await Promise.all([
    inbox(api, name),
    (branch === project.defaultBranch || runsOfAll.some(r => r.branch === branch))
      ? api(`/api/v1/projects/${p}/commits?branch=${enc(branch)}&limit=${COMMITS}`).catch(e => e) : [],
    presentRegressions(p),
    api(`/api/v1/projects/${p}/runs?branch=${enc(branch)}&limit=20`).catch(e => e)]);
  const verdicts = Array.isArray(commits)
    ? await Promise.all(commits.map(c => api(`/api/v1/projects/${p}/commits/${c.sha}/verdict`).catch(() => null))) : [];

  render(title,
    changes,
    el('div', { class: 'controls' }, el('label', {}, 'branch ', picker),
      el('a', { href: `#/p/${p}/compare`, id: 'compare-link' }, 'Compare two commits'),
      el('a', { href: `#/p/${p}/jobs` }, 'CI jobs')),
    el('h2', {}, `Latest commits on ${branch}`),
    commitsSection(name, commits, verdicts),
    el('h2', { id: 'present-title' }, `Present regressions${Array.isArray(present) ? ` (${present.total})` : ''}`),
    regressionsSection(name, present),
    el('h2', {}, `Recent runs on ${branch}`),
    runsSection(name, runs));
}

function emptyProject(name) {
  const origin = location.origin;
  return el('section', { class: 'empty-state', id: 'empty-project' },
    el('h2', {}, 'No runs uploaded yet'),
    el('p', {}, 'Upload a run (the format is in docs/api.md, "Upload format"; docs/examples/ has files to start from) with an admin or this project\'s upload token:'),
    el('pre', {}, `curl -X POST ${origin}/api/v1/runs -H "Authorization: Bearer $HOSTGAP_TOKEN" -H 'Content-Type: application/json' --data-binary @run.json`),
    el('p', {}, 'Or measure a commit on a GPU node with the runner (docs/runner.md):'),
    el('pre', {}, `hostgap-runner run --server ${origin} --token "$HOSTGAP_TOKEN" --project ${name} --sha "$(git rev-parse HEAD)" --branch main`),
    el('p', { class: 'muted' }, 'The commits, their verdicts, the charts and any regressions appear here after the first upload.'));
}

function commitsSection(name, commits, verdicts) {
  if (commits instanceof Error && commits.type !== '/problems/unknown-branch') return errorBox(commits, 'the commits');
  if (commits instanceof Error || commits.length === 0) return el('p', { class: 'muted' }, 'No measured commits on this branch yet.');
  return scroll(el('table', { id: 'commits', class: 'data' },
    el('thead', {}, el('tr', {}, ['commit', 'message', 'time', 'verdict', ''].map(h => el('th', {}, h)))),
    el('tbody', {}, commits.map((c, i) => {
      const v = verdicts[i], parent = commits[i + 1];
      return el('tr', { 'data-sha': c.sha, class: 'commit' },
        el('td', {}, el('a', { href: commitLink(name, c.sha), class: 'commit' }, el('code', {}, short(c.sha)))),
        el('td', { class: 'message' }, firstLine(c.message)),
        el('td', { class: 'nowrap' }, time(c.timestamp)),
        el('td', { class: 'answer' }, v ? expander(name, v) : '–'),
        el('td', { class: 'nowrap' }, parent ? el('a', { href: `#/p/${enc(name)}/compare?base=${parent.sha}&head=${c.sha}`, title: `compare with ${short(parent.sha)}` }, 'compare') : ''));
    }))));
}

/**
 * The badge with the answer's counts, and which regressions the commit sits on; a click opens a row
 * under the commit with the status's line, the changes dated to it and those it sits on.
 */
function expander(name, v) {
  const sitsOn = v.openChanges || [];
  const button = el('button', { type: 'button', class: 'expand', 'aria-expanded': 'false', title: 'show the changes' },
    el('span', { class: 'caret', 'aria-hidden': 'true' }, '▸'), ' ', commitBadge(v), ' ',
    el('span', { class: 'counts' }, v.state === 'judged' ? verdictCounts(v) : v.reason || ''),
    sitsOn.length ? el('span', { class: 'sits muted' }, ` · sits on ${sitsOn.map(c => `#${c.id}`).join(', ')}`) : null);
  button.addEventListener('click', () => {
    const row = button.closest('tr'), open = button.getAttribute('aria-expanded') === 'true';
    if (open) row.nextElementSibling?.remove();
    else row.after(el('tr', { class: 'commit-changes' }, el('td', { colspan: row.children.length }, changesOf(name, v))));
    button.setAttribute('aria-expanded', String(!open));
    button.querySelector('.caret').textContent = open ? '▸' : '▾';
  });
  return button;
}

function changesOf(name, v) {
  const listed = [...(v.changes || []).map(c => changeItem(name, c)), ...(v.openChanges || []).map(c => changeItem(name, c, { sitsOn: true }))];
  return el('div', { class: 'commit-answer' },
    el('p', {}, el('span', { class: 'summary' }, v.summary), ' · ', el('a', { href: commitLink(name, v.sha), class: 'commit-page' }, 'commit page')),
    listed.length ? el('ul', { class: 'commit-changes' }, listed)
      : el('p', { class: 'muted' }, v.state === 'judged' ? 'No change is dated to this commit, and it sits on no present regression.' : ''));
}

/** Confirming, suspected, open and acknowledged regressions, newest first: the levels the project still runs at. */
async function presentRegressions(p) {
  try {
    const lists = await Promise.all(PRESENT.map(status => api(`/api/v1/projects/${p}/regressions?kind=regression&status=${status}`)));
    const all = lists.flat().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)) || b.id - a.id);
    all.total = lists.reduce((n, l) => n + (l.total ?? l.length), 0);
    return all;
  } catch (e) {
    return e;
  }
}

function regressionsSection(name, present) {
  if (present instanceof Error) return errorBox(present, 'the present regressions');
  if (present.length === 0) return el('p', { id: 'no-regressions', class: 'muted' }, 'None: no regression is confirming, suspected, open or acknowledged.');
  return el('div', {}, changesTable(name, present, { id: 'regressions', firstBad: true, lastGood: true, since: true }),
    present.total > present.length ? el('p', { class: 'muted' }, `The newest ${present.length} of ${present.total} are shown.`) : null);
}

function runsSection(name, runs) {
  if (runs instanceof Error) return errorBox(runs, 'the recent runs');
  if (runs.length === 0) return el('p', { class: 'muted' }, 'No runs on this branch yet.');
  return scroll(el('table', { id: 'runs', class: 'data' },
    el('thead', {}, el('tr', {}, ['uploaded', 'commit', 'message', 'GPU', 'host', 'results', 'failed'].map(h => el('th', {}, h)))),
    el('tbody', {}, runs.map(r => [
      el('tr', { class: r.failed > 0 ? 'has-failures' : '' },
        el('td', { class: 'nowrap' }, el('a', { href: `#/runs/${r.runId}` }, time(r.uploadedAt))),
        el('td', {}, el('a', { href: commitLink(name, r.sha) }, el('code', {}, short(r.sha)))), el('td', { class: 'message' }, r.subject || ''),
        el('td', {}, r.gpu), el('td', {}, r.host),
        el('td', { class: 'num' }, r.results), el('td', { class: `num${r.failed > 0 ? ' failed' : ''}` }, r.failed)),
      r.failures.length === 0 ? null : el('tr', { class: 'failures' }, el('td', { colspan: 7 },
        el('ul', { class: 'failures' }, r.failures.map(f => el('li', {},
          el('strong', {}, `${f.benchmark} v${f.version}`), ` ${paramsText(f.params)} · ${f.metric}: `,
          el('code', { class: 'error-text' }, f.error)))))),
    ]))));
}
