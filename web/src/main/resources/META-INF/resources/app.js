// hostgap web UI: plain DOM and ES modules, no build step. This file routes #/… links to the views.
import { api, app, render, el, enc, errorBox, token, tokenPanel, leave, scroll } from './js/core.js';
import { dashboardPage } from './js/dashboard.js';
import { comparePage } from './js/compare.js';
import { seriesPage } from './js/series.js';
import { regressionPage } from './js/regression.js';
import { commitPage } from './js/commit.js';
import { runPage } from './js/run.js';
import { runnersPage, jobsPage } from './js/ci.js';
import { tracePage } from './js/trace.js';
import { traceComparePage } from './js/tracecompare.js';
import { seriesIndexPage } from './js/seriesindex.js';
import { calibrationsPage } from './js/calibrations.js';
import { thresholdsPage } from './js/thresholds.js';

async function projectsPage() {
  const projects = await api('/api/v1/projects');
  render(el('h1', {}, 'Projects'),
    projects.length === 0
      ? el('div', { class: 'empty-state', id: 'no-projects' },
          el('p', {}, 'No projects yet. Create one with the admin token the platform printed at its first start:'),
          el('pre', {}, `curl -X POST ${location.origin}/api/v1/projects -H "Authorization: Bearer $HOSTGAP_TOKEN" -H 'Content-Type: application/json' -d '{"name":"demo","repoUrl":"https://github.com/acme/engine.git","defaultBranch":"main"}'`))
      : scroll(el('table', { id: 'projects', class: 'data' },
          el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'repository'), el('th', {}, 'default branch'), el('th', {}, ''))),
          el('tbody', {}, projects.map(p => el('tr', {},
            el('td', {}, el('a', { href: `#/p/${enc(p.name)}` }, p.name)),
            el('td', {}, p.repoUrl), el('td', {}, p.defaultBranch),
            el('td', { class: 'links' }, el('a', { href: `#/p/${enc(p.name)}/compare` }, 'compare'), ' ',
              el('a', { href: `#/p/${enc(p.name)}/jobs` }, 'jobs'))))))));
}

let started = 0, shown = 0;

async function route() {
  const seq = ++started;
  leave();
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  const [first, project, view, ...rest] = parts;
  document.title = project ? `${project} · hostgap` : 'hostgap';
  app.setAttribute('aria-busy', 'true');
  try {
    if (first === 'runners') await runnersPage();
    else if (first === 'runs' && project) await runPage(project);
    else if (first === 'trace' && project) await tracePage(project);
    else if (first === 'regressions' && project) await regressionPage(project);
    else if (first === 'p' && project && view === 'series' && rest.length === 0) await seriesIndexPage(project, query);
    else if (first === 'p' && project && view === 'series') await seriesPage(project, rest[0], rest[1], rest[2], query);
    else if (first === 'p' && project && view === 'calibrations') await calibrationsPage(project);
    else if (first === 'p' && project && view === 'thresholds') await thresholdsPage(project);
    else if (first === 'p' && project && view === 'compare') {
      if (rest.length === 2) query.set('base', rest[0]), query.set('head', rest[1]); // the older #/p/x/compare/base/head links
      await comparePage(project, query);
    } else if (first === 'p' && project && view === 'regressions' && rest[0]) await regressionPage(rest[0], project);
    else if (first === 'p' && project && view === 'commits' && rest[0]) await commitPage(project, rest[0]);
    else if (first === 'p' && project && view === 'jobs') await jobsPage(project);
    else if (first === 'p' && project && view === 'traces' && rest[0] === 'compare') await traceComparePage(project, query);
    else if (first === 'p' && project) await dashboardPage(project, query);
    else await projectsPage();
  } catch (e) {
    render(errorBox(e),
      e.status === 401 || e.status === 403 ? tokenPanel('This platform wants a token for this page (reads may be closed: hostgap.security.public-reads).', route) : null,
      el('p', {}, el('a', { href: '#/' }, '← all projects')));
  } finally {
    if (seq === started) { shown = seq; app.removeAttribute('aria-busy'); }
    else if (shown === started) route(); // a slower, older view drew over the current one: draw the current one again
  }
}

/** The header says whether a token is kept for this session, with a control to forget it. */
function tokenStatus() {
  const slot = document.getElementById('token-status');
  slot.replaceChildren(...(token.get()
    ? ['token kept ', el('button', { type: 'button', class: 'link', id: 'header-forget-token', onclick: () => { token.forget(); route(); } }, 'forget')]
    : []));
}

window.addEventListener('hashchange', route);
window.addEventListener('hostgap-token', tokenStatus);
tokenStatus();
route();
