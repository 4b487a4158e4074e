// A project's dashboard: the branch's latest commits with their verdicts, open regressions, recent
// runs with their failed workloads, and a branch picker. An empty project says how to upload.
import { api, render, el, enc, short, pct, paramsText, time, firstLine, seriesLink, verdictBadge, errorBox, scroll } from './core.js';

const COMMITS = 20;

export async function dashboardPage(name, query) {
  const p = enc(name);
  const project = (await api('/api/v1/projects')).find(x => x.name === name);
  if (!project) throw new Error(`No project named '${name}'. Pick one from the project list.`);
  const runsOfAll = await api(`/api/v1/projects/${p}/runs?limit=200`);
  const title = el('div', { class: 'title' }, el('h1', {}, name), el('span', { class: 'muted' }, project.repoUrl));
  if (runsOfAll.length === 0) {
    render(title, emptyProject(name));
    return;
  }
  const branch = query.get('branch') || project.defaultBranch;
  const branches = [...new Set([project.defaultBranch, branch, ...runsOfAll.map(r => r.branch).filter(Boolean)])];
  const picker = el('select', { id: 'branch', 'aria-label': 'branch',
    onchange: e => { location.hash = `#/p/${p}?branch=${enc(e.target.value)}`; } },
    branches.map(b => el('option', { value: b, selected: b === branch }, b === project.defaultBranch ? `${b} (default)` : b)));

  const [commits, open, runs] = await Promise.all([
    (branch === project.defaultBranch || runsOfAll.some(r => r.branch === branch))
      ? api(`/api/v1/projects/${p}/commits?branch=${enc(branch)}&limit=${COMMITS}`).catch(e => e) : [],
    api(`/api/v1/projects/${p}/regressions?status=open`).catch(e => e),
    api(`/api/v1/projects/${p}/runs?branch=${enc(branch)}&limit=20`).catch(e => e)]);
  const verdicts = Array.isArray(commits)
    ? await Promise.all(commits.map(c => api(`/api/v1/projects/${p}/commits/${c.sha}/verdict`).catch(() => null))) : [];

  render(title,
    el('div', { class: 'controls' }, el('label', {}, 'branch ', picker),
      el('a', { href: `#/p/${p}/compare`, id: 'compare-link' }, 'Compare two commits'),
      el('a', { href: `#/p/${p}/jobs` }, 'CI jobs')),
    el('h2', {}, `Latest commits on ${branch}`),
    commitsSection(name, commits, verdicts),
    el('h2', {}, `Open regressions${Array.isArray(open) ? ` (${open.total ?? open.length})` : ''}`),
    regressionsSection(name, open),
    el('h2', {}, `Recent runs on ${branch}`),
    runsSection(runs));
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
    el('thead', {}, el('tr', {}, ['commit', 'message', 'time', 'verdict', 'series', ''].map(h => el('th', {}, h)))),
    el('tbody', {}, commits.map((c, i) => {
      const v = verdicts[i], parent = commits[i + 1];
      return el('tr', { 'data-sha': c.sha },
        el('td', {}, el('code', {}, short(c.sha))),
        el('td', { class: 'message' }, firstLine(c.message)),
        el('td', { class: 'nowrap' }, time(c.timestamp)),
        el('td', {}, v ? verdictBadge(v.verdict) : '–'),
        el('td', { class: 'counts' }, v ? counts(v) : '–'),
        el('td', { class: 'nowrap' }, parent ? el('a', { href: `#/p/${enc(name)}/compare?base=${parent.sha}&head=${c.sha}`, title: `compare with ${short(parent.sha)}` }, 'compare') : ''));
    }))));
}

/** The commit verdict's nonzero counts, in the API's verdict words: "1 regression, 20 unchanged". */
function counts(v) {
  const parts = [[v.regressions, 'regression'], [v.improvements, 'improvement'], [v.unchanged, 'unchanged'],
    [v.insufficientHistory, 'insufficient_history'], [v.insufficientData, 'insufficient_data']].filter(([n]) => n > 0);
  return parts.length === 0 ? 'none judged yet' : parts.map(([n, word]) => `${n} ${word}`).join(', ');
}

function regressionsSection(name, open) {
  if (open instanceof Error) return errorBox(open, 'the open regressions');
  if (open.length === 0) return el('p', { id: 'no-regressions', class: 'muted' }, 'None: every judged series is at its baseline level.');
  return el('div', {}, scroll(el('table', { id: 'regressions', class: 'data' },
    el('thead', {}, el('tr', {}, ['benchmark', 'params', 'metric', 'change', 'first bad', 'last good', 'since', ''].map(h => el('th', {}, h)))),
    el('tbody', {}, open.map(r => el('tr', { class: 'regression' },
      el('td', {}, el('a', { href: seriesLink(name, r) }, `${r.benchmark} v${r.version}`)),
      el('td', {}, paramsText(r.params)), el('td', {}, r.metric),
      el('td', { class: 'num' }, pct(r.changePercent)),
      el('td', {}, el('code', {}, short(r.firstBadCommit))),
      el('td', {}, r.lastGoodCommit ? el('code', {}, short(r.lastGoodCommit)) : '–'),
      el('td', { class: 'nowrap' }, time(r.createdAt)),
      el('td', {}, el('a', { href: `#/p/${enc(name)}/regressions/${r.id}`, class: 'triage' }, 'triage'))))))),
    open.total > open.length ? el('p', { class: 'muted' }, `The newest ${open.length} of ${open.total} are shown.`) : null);
}

function runsSection(runs) {
  if (runs instanceof Error) return errorBox(runs, 'the recent runs');
  if (runs.length === 0) return el('p', { class: 'muted' }, 'No runs on this branch yet.');
  return scroll(el('table', { id: 'runs', class: 'data' },
    el('thead', {}, el('tr', {}, ['uploaded', 'commit', 'message', 'GPU', 'host', 'results', 'failed'].map(h => el('th', {}, h)))),
    el('tbody', {}, runs.map(r => [
      el('tr', { class: r.failed > 0 ? 'has-failures' : '' },
        el('td', { class: 'nowrap' }, el('a', { href: `#/runs/${r.runId}` }, time(r.uploadedAt))),
        el('td', {}, el('code', {}, short(r.sha))), el('td', { class: 'message' }, r.subject || ''),
        el('td', {}, r.gpu), el('td', {}, r.host),
        el('td', { class: 'num' }, r.results), el('td', { class: `num${r.failed > 0 ? ' failed' : ''}` }, r.failed)),
      r.failures.length === 0 ? null : el('tr', { class: 'failures' }, el('td', { colspan: 7 },
        el('ul', { class: 'failures' }, r.failures.map(f => el('li', {},
          el('strong', {}, `${f.benchmark} v${f.version}`), ` ${paramsText(f.params)} · ${f.metric}: `,
          el('code', { class: 'error-text' }, f.error)))))),
    ]))));
}
