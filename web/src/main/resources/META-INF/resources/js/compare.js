// Compare any two commits: a shareable #/p/{project}/compare?base=&head= link (shas may be abbreviated),
// the API's verdicts in its order (regressions, improvements, then the rest by |change| / threshold), each
// threshold with the API's reason and the machines of both sides, a text and a verdict filter, sortable
// columns, 100 rows a page; at phone width each row stacks, verdict and change first. With
// &baseline=level the head is judged against the level its base is at, as a pull request is; the
// changes detection dated between base and head are listed above the rows, and where base and head
// were measured (what differs first). Each row's "samples" button unfolds both sides' fork samples,
// run by run, as a strip plot (GET /compare/samples, read only when asked).
import { api, render, el, enc, short, num, pct, fixed, paramsText, firstLine, seriesLink, verdictBadge, errorBox, VERDICTS } from './core.js';
import { pagedTable } from './table.js';
import { changesTable } from './changes.js';
import { traceCompareLink } from './tracecompare.js';

// What a person may type for a commit: the API resolves a prefix of 7 hex digits or more to the full sha.
const SHA = /^[0-9a-f]{7,40}$/;

/** "1 regression", "2 regressions". */
const counted = (n, noun) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** A cell's content with its column's name, which only the phone layout shows (its cells stack). */
const labelled = (label, ...content) => [el('span', { class: 'cell-label' }, label), ...content];

/** A machine as a row shows it: a GPU's UUID cut to its first group, a host as it is (the full name in the title). */
const machineName = m => (m.startsWith('GPU-') ? m.slice(0, 12) : m);
const machines = list => (list && list.length > 0
  ? el('span', { title: list.join(', ') }, list.map(machineName).join(', ')) : '–');

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
      : 'Pick two commits (a sha or its first 7 characters or more; start typing to choose from the default branch), then Compare.'));
    return;
  }
  const report = await api(`/api/v1/projects/${p}/compare?base=${base}&head=${head}${level ? '&baseline=level' : ''}`).catch(e => e);
  if (report instanceof Error) {
    render(...header, errorBox(report, 'the comparison'));
    return;
  }
  base = report.base; head = report.head; // in full, however the link abbreviated them
  baseInput.value = base; headInput.value = head;
  const headTraces = await api(`/api/v1/projects/${p}/commits/${head}/traces`).catch(() => []);
  const traceNames = new Set(headTraces.map(t => t.name)); // a trace's series are named after it
  const counts = Object.fromEntries(VERDICTS.map(v => [v, report.rows.filter(r => r.verdict === v).length]));
  const byCommit = new Map(commits.map(c => [c.sha, c]));
  const describe = sha => `${short(sha)}${byCommit.has(sha) ? ' ' + firstLine(byCommit.get(sha).message) : ''}`;

  const text = el('input', { type: 'search', id: 'compare-filter', placeholder: 'filter benchmark, metric, params…', 'aria-label': 'filter' });
  const verdict = el('select', { id: 'verdict-filter', 'aria-label': 'verdict' }, el('option', { value: '' }, 'every verdict'),
    VERDICTS.map(v => el('option', { value: v }, `${v} (${counts[v]})`)));
  const shown = el('span', { id: 'compare-shown', class: 'muted' });
  const anyMachine = report.rows.some(r => (r.baseMachines || []).length + (r.headMachines || []).length > 0);
  // the phone layout (compare.css) places cells by their position: keep verdict, series and change first
  const table = pagedTable({
    id: 'compare', rowClass: r => r.verdict, empty: 'No row matches the filter.',
    columns: [
      { label: 'verdict', sort: r => VERDICTS.indexOf(r.verdict), cell: r => verdictBadge(r.verdict), cls: 'verdict' },
      { label: 'series', sort: r => `${r.benchmark} v${r.version} ${paramsText(r.params)} ${r.metric}`, cls: 'series', cell: r => [
        el('a', { href: seriesLink(name, r) }, `${r.benchmark} v${r.version}`),
        traceNames.has(r.benchmark) ? [' ', el('a', { href: traceCompareLink(name, base, head, r.benchmark), class: 'trace-compare' }, 'trace')] : null,
        el('span', { class: 'series-detail' }, [paramsText(r.params), r.metric].filter(Boolean).join(' · ')),
        samplesToggle(p, base, head, r)] },
      { label: 'change', num: true, sort: r => r.changePercent, cell: r => labelled('change', pct(r.changePercent)) },
      { label: 'threshold', sort: r => r.thresholdPercent, cls: 'threshold', cell: r => labelled('threshold',
        el('span', { class: 'threshold-value' }, r.thresholdPercent == null ? '–' : `±${fixed(r.thresholdPercent)}%`),
        r.thresholdReason ? el('span', { class: 'threshold-reason' }, r.thresholdReason) : null) },
      { label: 'base', num: true, sort: r => r.baseMedian, cell: r => labelled('base', `${num(r.baseMedian)} ${r.unit}`) },
      { label: 'head', num: true, sort: r => r.headMedian, cell: r => labelled('head', `${num(r.headMedian)} ${r.unit}`) },
      { label: '95% CI', num: true, cell: r => labelled('95% CI', r.ciLowPercent == null ? '–' : `[${pct(r.ciLowPercent)}, ${pct(r.ciHighPercent)}]`) },
      { label: 'run noise', num: true, sort: r => r.noisePercent, cell: r => labelled('run noise', r.noisePercent == null ? '–' : `${fixed(r.noisePercent)}%`) },
      { label: 'runs', num: true, sort: r => r.headRuns, cell: r => labelled('runs', `${r.baseRuns} → ${r.headRuns}`) },
      ...(anyMachine ? [{ label: 'machine', sort: r => (r.baseMachines || []).join(' '), cls: 'machine', cell: r => labelled('machine',
        machines(r.baseMachines), ' → ', machines(r.headMachines)) }] : []),
      ...(new Set(report.rows.map(r => r.environment)).size > 1
        ? [{ label: 'environment', sort: r => r.environment, cell: r => labelled('environment', r.environment || '–'), cls: 'env' }] : []),
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
    el('p', { id: 'summary' }, `${counted(counts.regression, 'regression')}, ${counted(counts.improvement, 'improvement')}, `
      + `${counts.unchanged} unchanged, ${counts.insufficient_history} insufficient history, `
      + `${counts.insufficient_data} insufficient data`),
    report.rows.length === 0 ? null : el('p', { class: 'muted compare-order' }, 'Rows by how far each change came against its threshold: '
      + 'regressions and improvements first, then the rest, closest first. A threshold is wider across hosts than on one, '
      + 'and wider while few runs tell the noise; each row says which.'),
    detectedSection(name, report.detected || []),
    environmentSection(report.environments),
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

/** Where base and head were measured: the fields that differ as a table, the rest folded under it. */
function environmentSection(env) {
  if (!env) return null;
  const keys = [...new Set([...Object.keys(env.base || {}), ...Object.keys(env.head || {})])];
  if (keys.length === 0) return null;
  const differing = env.differing || [];
  const same = keys.filter(k => !differing.includes(k));
  const value = v => (v === undefined ? el('span', { class: 'muted' }, 'not reported') : v);
  const oneSide = Object.keys(env.base || {}).length === 0 || Object.keys(env.head || {}).length === 0;
  return el('section', { id: 'compare-environment' },
    el('h2', {}, 'Environment'),
    oneSide ? el('p', { class: 'muted' }, 'Only one side has runs: nothing to tell apart.')
      : differing.length === 0 ? el('p', { id: 'environment-same' }, 'Base and head ran in the same environment.')
        : [el('p', {}, `${differing.length} of ${keys.length} differ between the base and head runs: a step may come from these, not the code.`),
          el('div', { class: 'scroll' }, el('table', { id: 'environment-diff', class: 'data' },
            el('thead', {}, el('tr', {}, ['', 'base', 'head'].map(h => el('th', { scope: 'col' }, h)))),
            el('tbody', {}, differing.map(k => el('tr', { 'data-field': k }, el('th', { scope: 'row' }, k),
              el('td', {}, value(env.base[k])), el('td', {}, value(env.head[k])))))))],
    same.length === 0 ? null : el('details', { id: 'environment-same-fields' },
      el('summary', {}, oneSide ? `${keys.length} fields` : `${same.length} the same on both sides`),
      el('dl', { class: 'environment-fields' }, same.map(k => [el('dt', {}, k), el('dd', {}, value(env.base?.[k] ?? env.head?.[k]))]))));
}

/** A row's button that unfolds, in a row under it, both sides' fork samples (read when first unfolded). */
function samplesToggle(p, base, head, r) {
  const id = `samples-${r.series}`;
  const button = el('button', { type: 'button', class: 'expand samples-toggle', 'aria-expanded': 'false', 'aria-controls': id,
    'data-series': r.series, title: 'each run\'s fork samples at base and head' }, el('span', { class: 'caret', 'aria-hidden': 'true' }, '▸'), 'samples');
  let detail = null;
  button.addEventListener('click', async () => {
    const row = button.closest('tr');
    const open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', String(!open));
    button.querySelector('.caret').textContent = open ? '▸' : '▾';
    if (open) { detail?.remove(); return; }
    const cell = el('td', { colspan: row.children.length }, el('p', { class: 'muted' }, 'Loading the samples…'));
    detail = el('tr', { class: 'samples-row', id }, cell);
    row.after(detail);
    try {
      const s = await api(`/api/v1/projects/${p}/compare/samples?base=${base}&head=${head}&series=${r.series}`);
      cell.replaceChildren(stripPlot(s));
    } catch (e) {
      cell.replaceChildren(errorBox(e, 'the samples'));
    }
  });
  return button;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** Runs drawn one lane each up to this many; more, and each side is one lane. */
const MAX_LANES = 24;

/**
 * Both sides' samples on one axis: a lane per run (base runs, then head runs), each fork a dot, each
 * run's median a tick; with many runs, one lane a side.
 */
function stripPlot(s) {
  const sides = [['base', s.baseRuns || []], ['head', s.headRuns || []]];
  const count = runs => runs.reduce((n, run) => n + (run.samples || []).length, 0);
  const perRun = sides.reduce((n, [, runs]) => n + runs.length, 0) <= MAX_LANES;
  const lanes = sides.flatMap(([side, runs]) => (perRun
    ? runs.map((run, i) => ({ side, label: `${side} run ${i + 1}${run.machine ? ` · ${run.machine}` : ''}`, runs: [run] }))
    : [{ side, label: `${side} · ${runs.length} runs`, runs }]));
  const values = lanes.flatMap(l => l.runs.flatMap(run => run.samples || [])).filter(Number.isFinite);
  const summary = el('p', { class: 'samples-summary' }, sides.map(([side, runs], i) => [i ? ' · ' : '',
    el('span', { class: `side-count ${side}`, 'data-runs': runs.length, 'data-samples': count(runs) },
      `${side}: ${runs.length} run${runs.length === 1 ? '' : 's'}, ${count(runs)} fork sample${count(runs) === 1 ? '' : 's'}`)]));
  if (values.length === 0) return el('div', { class: 'samples' }, summary, el('p', { class: 'muted' }, 'No samples on either side.'));
  const W = 640, lane = 18, left = 150, right = 12, top = 6, axis = 22, H = top + lanes.length * lane + axis;
  let lo = Math.min(...values), hi = Math.max(...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  lo -= pad; hi += pad;
  const x = v => left + (v - lo) * (W - left - right) / (hi - lo);
  const unit = s.unit || '';
  const plot = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'strip-plot',
    'aria-label': `Fork samples of ${s.benchmark} ${s.metric} in ${unit}, base runs then head runs` },
  lanes.map((l, i) => {
    const cy = top + i * lane + lane / 2;
    return svg('g', { class: `lane ${l.side}` },
      svg('text', { x: left - 8, y: cy + 4, 'text-anchor': 'end' }, l.label.length > 24 ? `${l.label.slice(0, 23)}…` : l.label),
      svg('line', { class: 'lane-line', x1: left, x2: W - right, y1: cy, y2: cy }),
      l.runs.flatMap(run => [
        ...(run.samples || []).filter(Number.isFinite).map(v => svg('circle', { class: `sample ${l.side}`, cx: x(v), cy, r: 3.5 },
          svg('title', {}, `${num(v)} ${unit}`))),
        perRun && Number.isFinite(run.median) ? svg('line', { class: `run-median ${l.side}`, x1: x(run.median), x2: x(run.median), y1: cy - 7, y2: cy + 7 },
          svg('title', {}, `run median ${num(run.median)} ${unit}`)) : null]));
  }),
  [lo + pad, (lo + hi) / 2, hi - pad].map((v, i) => svg('text', { class: 'axis', x: x(v), y: H - 6, 'text-anchor': ['start', 'middle', 'end'][i] }, `${num(v)} ${unit}`)));
  return el('div', { class: 'samples' }, summary, plot);
}
