// Compare any two commits: a shareable #/p/{project}/compare?base=&head= link, the API's verdicts
// (regressions first), a text and a verdict filter, sortable columns, 100 rows a page. With
// &baseline=level the head is judged against the level its base is at, as a pull request is; the
// changes detection dated between base and head are listed above the rows.
import { api, render, el, enc, short, num, pct, fixed, paramsText, firstLine, seriesLink, verdictBadge, errorBox, VERDICTS } from './core.js';
import { pagedTable } from './table.js';
import { changesTable } from './changes.js';
import { traceCompareLink } from './tracecompare.js';

const SHA = /^[0-9a-f]{40}$/;

export async function comparePage(name, query) {
  const p = enc(name);
  const commits = await api(`/api/v1/projects/${p}/commits?limit=200`).catch(() => []);
  let base = (query.get('base') || '').trim().toLowerCase(), head = (query.get('head') || '').trim().toLowerCase();
  const level = query.get('baseline') === 'level';
  if (!base && !head && commits.length > 0) { head = commits[0].sha; base = (commits[1] || commits[0]).sha; }
  const commitList = el('datalist', { id: 'commit-list' }, commits.map(c => el('option', { value: c.sha }, `${short(c.sha)} ${firstLine(c.message)}`)));
  const baseInput = el('input', { id: 'base', list: 'commit-list', value: base, size: 42, spellcheck: 'false', 'aria-label': 'base commit' });
  const headInput = el('input', { id: 'head', list: 'commit-list', value: head, size: 42, spellcheck: 'false', 'aria-label': 'head commit' });
  const baseline = el('select', { id: 'baseline', 'aria-label': 'base side' },
    el('option', { value: 'commit', selected: !level }, 'the base commit\'s runs'),
    el('option', { value: 'level', selected: level }, 'the level the base is at'));
  const go = e => {
    e.preventDefault();
    location.hash = `#/p/${p}/compare?base=${enc(baseInput.value.trim())}&head=${enc(headInput.value.trim())}`
      + (baseline.value === 'level' ? '&baseline=level' : '');
  };
  const form = el('form', { class: 'controls compare-form', onsubmit: go },
    el('label', {}, 'base ', baseInput), el('label', {}, 'head ', headInput), el('label', {}, 'against ', baseline), commitList,
    el('button', { type: 'submit', id: 'compare-go' }, 'Compare'));
  const header = [el('p', { class: 'back' }, el('a', { href: `#/p/${p}` }, `← ${name}`)), el('h1', {}, `Compare · ${name}`), form];

  if (!SHA.test(base) || !SHA.test(head)) {
    render(...header, el('p', { class: 'empty-state', id: 'compare-empty' }, commits.length === 0
      ? 'No measured commits yet: upload runs first (see the project page).'
      : 'Pick two commits (full 40-character shas; start typing to choose from the default branch), then Compare.'));
    return;
  }
  const [report, headTraces] = await Promise.all([
    api(`/api/v1/projects/${p}/compare?base=${base}&head=${head}${level ? '&baseline=level' : ''}`).catch(e => e),
    api(`/api/v1/projects/${p}/commits/${head}/traces`).catch(() => [])]);
  const traceNames = new Set(headTraces.map(t => t.name)); // a trace's series are named after it
  if (report instanceof Error) {
    render(...header, errorBox(report, 'the comparison'));
    return;
  }
  const counts = Object.fromEntries(VERDICTS.map(v => [v, report.rows.filter(r => r.verdict === v).length]));
  const byCommit = new Map(commits.map(c => [c.sha, c]));
  const describe = sha => `${short(sha)}${byCommit.has(sha) ? ' ' + firstLine(byCommit.get(sha).message) : ''}`;

  const text = el('input', { type: 'search', id: 'compare-filter', placeholder: 'filter benchmark, metric, params…', 'aria-label': 'filter' });
  const verdict = el('select', { id: 'verdict-filter', 'aria-label': 'verdict' }, el('option', { value: '' }, 'every verdict'),
    VERDICTS.map(v => el('option', { value: v }, `${v} (${counts[v]})`)));
  const shown = el('span', { id: 'compare-shown', class: 'muted' });
  const table = pagedTable({
    id: 'compare', rowClass: r => r.verdict, empty: 'No row matches the filter.',
    columns: [
      { label: 'verdict', sort: r => VERDICTS.indexOf(r.verdict), cell: r => verdictBadge(r.verdict), cls: 'verdict' },
      { label: 'benchmark', sort: r => `${r.benchmark} v${r.version}`, cell: r => [el('a', { href: seriesLink(name, r) }, `${r.benchmark} v${r.version}`),
        traceNames.has(r.benchmark) ? [' ', el('a', { href: traceCompareLink(name, base, head, r.benchmark), class: 'trace-compare' }, 'trace')] : null] },
      { label: 'params', sort: r => paramsText(r.params), cell: r => paramsText(r.params) },
      { label: 'metric', sort: r => r.metric, cell: r => r.metric },
      { label: 'base', num: true, sort: r => r.baseMedian, cell: r => `${num(r.baseMedian)} ${r.unit}` },
      { label: 'head', num: true, sort: r => r.headMedian, cell: r => `${num(r.headMedian)} ${r.unit}` },
      { label: 'change', num: true, sort: r => r.changePercent, cell: r => pct(r.changePercent) },
      { label: '95% CI', num: true, cell: r => (r.ciLowPercent == null ? '–' : `[${pct(r.ciLowPercent)}, ${pct(r.ciHighPercent)}]`) },
      { label: 'threshold', num: true, sort: r => r.thresholdPercent, cell: r => (r.thresholdPercent == null ? '–' : `±${fixed(r.thresholdPercent)}%`) },
      { label: 'run noise', num: true, sort: r => r.noisePercent, cell: r => (r.noisePercent == null ? '–' : `${fixed(r.noisePercent)}%`) },
      { label: 'runs', num: true, sort: r => r.headRuns, cell: r => `${r.baseRuns} → ${r.headRuns}` },
      ...(new Set(report.rows.map(r => r.environment)).size > 1
        ? [{ label: 'environment', sort: r => r.environment, cell: r => r.environment || '–', cls: 'env' }] : []),
    ],
  });
  const apply = () => {
    const words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const rows = report.rows.filter(r => (!verdict.value || r.verdict === verdict.value) && words.every(w =>
      `${r.benchmark} v${r.version} ${r.metric} ${paramsText(r.params)} ${r.environment || ''}`.toLowerCase().includes(w)));
    shown.textContent = rows.length === report.rows.length ? '' : `${rows.length.toLocaleString('en')} of ${report.rows.length.toLocaleString('en')} rows match`;
    table.setRows(rows);
  };
  text.addEventListener('input', apply);
  verdict.addEventListener('change', apply);
  apply();

  render(...header,
    el('p', { class: 'commits' }, 'base ', el('code', {}, describe(base)), ' → head ', el('code', {}, describe(head))),
    level ? el('p', { id: 'baseline-level', class: 'muted' }, `The head against the level ${short(base)} is at: the runs of the base and of its `
      + 'measured ancestors since each series\' last change, as a pull request is judged.') : null,
    el('p', { id: 'summary' }, `${counts.regression} regressions, ${counts.improvement} improvements, `
      + `${counts.unchanged} unchanged, ${counts.insufficient_history} insufficient history, `
      + `${counts.insufficient_data} insufficient data`),
    detectedSection(name, report.detected || []),
    ...(report.rows.length === 0
      ? [el('p', { class: 'empty-state' }, 'Neither commit has a measured series: upload a run for each.')]
      : [el('div', { class: 'controls' }, text, verdict, shown), table.node]));
}

/** Changes detection dated to a commit after the base up to the head: what those commits' CI statuses show. */
function detectedSection(name, detected) {
  if (detected.length === 0) return null;
  return el('section', { id: 'detected-section' },
    el('h2', {}, `Detected between base and head (${detected.length})`),
    el('p', { class: 'muted' }, 'Detection dated these to commits after the base, from every run around them; '
      + 'the CI status of each such commit shows its change. Two commits\' runs alone may not show it.'),
    changesTable(name, detected, { id: 'detected', kind: true, firstBad: true }));
}
