// A project's A/A calibrations: commits measured several times and declared runs of the same code,
// whose run-to-run noise is a floor under the series' thresholds. The list (commit, runs, series
// covered, declared when and by whom, set-up or manual), one calibration's noise per series
// (#/p/<p>/calibrations?commit=<sha>), and for a token holder: declare a commit, remove one.
import { api, render, el, enc, short, num, fixed, time, paramsText, seriesLink, commitLink, errorBox, scroll, token, tokenPanel } from './core.js';

/** The list has no counts: each calibration's detail gives them; a project has a few, never hundreds. */
const DETAILED = 20;

export async function calibrationsPage(project) {
  const p = enc(project);
  const selected = new URLSearchParams(location.hash.split('?')[1] || '').get('commit');
  const list = await api(`/api/v1/projects/${p}/calibrations`);
  const details = await Promise.all(list.slice(0, DETAILED).map(c => api(`/api/v1/projects/${p}/calibrations/${c.commit}`).catch(e => e)));
  const detailOf = new Map(list.slice(0, DETAILED).map((c, i) => [c.commit, details[i]]));
  // a commit no longer (or never) calibrated is not asked for: its detail would only be a 404
  const listed = selected && list.some(c => c.commit === selected);
  const shown = listed && (detailOf.get(selected)
    ?? await api(`/api/v1/projects/${p}/calibrations/${enc(selected)}`).catch(e => e));
  const again = () => calibrationsPage(project);
  const canEdit = Boolean(token.get());

  render(
    el('div', { class: 'title' }, el('h1', {}, 'Calibrations'), el('a', { href: `#/p/${p}` }, `← ${project}`),
      el('a', { href: `#/p/${p}/thresholds` }, 'threshold rules')),
    el('p', { class: 'muted intro' }, 'An A/A calibration is a commit measured in several runs and declared runs of the same code. ',
      'The run-to-run noise they show is a floor under every threshold of the series they cover: a series is never judged less noisy than its newest calibration says.'),
    list.length === 0
      ? el('p', { id: 'no-calibrations', class: 'muted' }, 'No calibration yet. Measure one commit several times (hostgap-runner run --repeat 12), then declare it here.')
      : scroll(el('table', { id: 'calibrations', class: 'data' },
        el('thead', {}, el('tr', {}, ['commit', 'runs', 'series covered', 'declared', 'origin', 'note', ''].map(h => el('th', {}, h)))),
        el('tbody', {}, list.map(c => calibrationRow(project, c, detailOf.get(c.commit), c.commit === selected, canEdit, again))))),
    shown ? detail(project, selected, shown)
      : selected ? el('p', { id: 'calibration-gone', class: 'muted' }, `No calibration is declared at ${short(selected)}.`) : null,
    canEdit ? declareForm(project, again)
      : tokenPanel('Declaring or removing a calibration needs an admin token or this project\'s upload token.', again));
}

const setUp = c => c.updatedBy === 'hostgap' && (c.note || '').startsWith('set-up');

function calibrationRow(project, c, d, selected, canEdit, again) {
  const ok = d && !(d instanceof Error);
  const runs = ok && d.series.length ? Math.max(...d.series.map(s => s.runs)) : null;
  return el('tr', { 'data-commit': c.commit, class: selected ? 'selected' : '' },
    el('td', {}, el('a', { href: commitLink(project, c.commit), class: 'commit' }, el('code', {}, short(c.commit)))),
    el('td', { class: 'num runs' }, runs ?? '–'),
    el('td', { class: 'num covered' }, ok ? d.seriesCount : '–',
      ok && d.seriesWithTooFewRuns ? el('span', { class: 'muted', title: 'measured 2 or more times, too few to calibrate' }, ` (+${d.seriesWithTooFewRuns} too few runs)`) : null),
    el('td', { class: 'nowrap' }, time(c.updatedAt), el('span', { class: 'muted' }, ` by ${c.updatedBy}`)),
    el('td', { class: 'origin' }, setUp(c) ? 'set-up' : 'manual'),
    el('td', { class: 'note' }, c.note || ''),
    el('td', { class: 'nowrap' },
      el('a', { href: `#/p/${enc(project)}/calibrations?commit=${c.commit}`, class: 'show' }, 'noise per series'),
      canEdit ? [' ', el('button', { type: 'button', class: 'remove', onclick: e => remove(project, c.commit, e.target, again) }, 'Remove')] : null));
}

async function remove(project, sha, button, again) {
  if (!confirm(`Remove the calibration of ${short(sha)}? Its series are then judged by their own history again.`)) return;
  button.disabled = true;
  try {
    await api(`/api/v1/projects/${enc(project)}/calibrations/${sha}`, { method: 'DELETE' });
    await again();
  } catch (e) {
    button.disabled = false;
    button.after(el('span', { class: 'error' }, ` ${e.message}`));
  }
}

function detail(project, sha, d) {
  if (d instanceof Error) return el('section', { id: 'calibration-detail' }, errorBox(d, `the calibration of ${short(sha)}`));
  return el('section', { id: 'calibration-detail' },
    el('h2', {}, 'Noise per series at ', el('a', { href: commitLink(project, d.commit) }, el('code', {}, short(d.commit)))),
    el('p', { class: 'muted' }, `${d.seriesCount} series calibrated`,
      d.seriesWithTooFewRuns ? `, ${d.seriesWithTooFewRuns} measured too few times to be` : '', d.note ? ` · ${d.note}` : '',
      '. Noise: the run-to-run spread on one machine, in percent of the level; between machines: what moving to another machine adds.'),
    scroll(el('table', { id: 'calibration-series', class: 'data' },
      el('thead', {}, el('tr', {}, ['series', 'environment', 'runs', 'machines', 'level', 'noise', 'between machines'].map(h => el('th', {}, h)))),
      el('tbody', {}, d.series.map(s => el('tr', {},
        el('td', {}, el('a', { href: seriesLink(project, s) }, `${s.benchmark} v${s.version}`), ` ${paramsText(s.params)} `, el('span', { class: 'muted' }, s.metric)),
        el('td', { class: 'muted env' }, s.environment),
        el('td', { class: 'num' }, s.runs), el('td', { class: 'num' }, s.machines),
        el('td', { class: 'num nowrap' }, `${num(s.level)} ${s.unit}`),
        el('td', { class: 'num noise' }, s.noisePercent === null ? '–' : `±${fixed(s.noisePercent)}%`),
        el('td', { class: 'num' }, s.betweenMachinesPercent === null ? '–' : `±${fixed(s.betweenMachinesPercent)}%`)))))));
}

function declareForm(project, again) {
  const sha = el('input', { type: 'text', id: 'declare-commit', placeholder: 'commit sha (40 hex)', 'aria-label': 'commit', autocomplete: 'off', spellcheck: 'false' });
  const note = el('input', { type: 'text', id: 'declare-note', placeholder: 'note (optional)', 'aria-label': 'note', maxlength: 1000 });
  const outcome = el('p', { id: 'declare-outcome', role: 'status' });
  const submit = async e => {
    e.preventDefault();
    outcome.replaceChildren();
    try {
      const c = await api(`/api/v1/projects/${enc(project)}/calibrations`, { method: 'POST', body: { commit: sha.value.trim(), note: note.value.trim() || null } });
      const target = `#/p/${enc(project)}/calibrations?commit=${c.commit}`;
      if (location.hash === target) await again(); else location.hash = target;
    } catch (err) {
      outcome.replaceChildren(el('span', { class: 'error', id: 'declare-error' }, err.message));
    }
  };
  return el('section', { id: 'declare' },
    el('h2', {}, 'Declare a calibration'),
    el('p', { class: 'muted' }, 'Every series measured in 6 or more runs at the commit is calibrated; declaring a commit again recomputes it from the runs stored by then.'),
    el('form', { id: 'declare-form', class: 'controls', onsubmit: submit }, sha, note, el('button', { type: 'submit', id: 'declare-submit' }, 'Declare')),
    outcome, tokenPanel('', again));
}
