// One run: its failed workloads first (each distinct error once), then every result with how
// detection judged its series in this run and a link to the series' chart, then where it was
// measured (GPU, driver, clocks, throttling, pinned CPUs, every other attribute), folded away.
import { api, render, el, enc, short, num, pct, paramsText, time, firstLine, scroll, verdictBadge, seriesLink } from './core.js';
import { pagedTable } from './table.js';

/** Attributes the runner records about clocks, throttling and CPUs, shown first under their own names. */
const KNOWN = [
  ['sm_clock_mhz_before', 'SM clock before (MHz)'], ['sm_clock_mhz_after', 'SM clock after (MHz)'],
  ['max_sm_clock_mhz', 'max SM clock (MHz)'], ['sm_clock_mhz', 'SM clock (MHz)'],
  ['mem_clock_mhz_before', 'memory clock before (MHz)'], ['mem_clock_mhz_after', 'memory clock after (MHz)'],
  ['throttled', 'throttled'], ['throttle_reasons_before', 'throttle reasons before'], ['throttle_reasons_after', 'throttle reasons after'],
  ['cpus_allowed', 'pinned CPUs'], ['cpu_model', 'CPU'],
];

export async function runPage(id) {
  if (!/^[0-9a-fA-F-]{36}$/.test(id)) throw new Error(`'${id}' is not a run id (a UUID, as in a project's list of recent runs).`);
  const run = await api(`/api/v1/runs/${id}`);
  const env = run.environment || {}, attrs = env.attributes || {};
  const throttled = String(attrs.throttled) === 'true' || Boolean(attrs.throttle_reasons_after);
  const failed = run.results.filter(r => r.error);
  const measured = run.results.filter(r => !r.error);
  const p = enc(run.project);
  const results = pagedTable({
    id: 'results', pageSize: 200, rowClass: r => r.verdict || 'unjudged',
    columns: [
      { label: 'benchmark', sort: r => `${r.benchmark} v${r.version}`,
        cell: r => el('a', { href: seriesLink(run.project, r), class: 'series-link', title: 'this series\' chart' }, `${r.benchmark} v${r.version}`) },
      { label: 'params', sort: r => paramsText(r.params), cell: r => paramsText(r.params) },
      { label: 'verdict', sort: r => r.verdict, cell: r => r.verdict ? verdictBadge(r.verdict) : el('span', { class: 'muted' }, 'not judged') },
      { label: 'metric', sort: r => r.metric, cell: r => r.metric },
      { label: 'change', num: true, sort: r => r.changePercent, cell: r => pct(r.changePercent) },
      { label: 'forks', num: true, sort: r => r.n, cell: r => r.n },
      { label: 'median', num: true, sort: r => r.median, cell: r => `${num(r.median)} ${r.unit}` },
      { label: 'p10', num: true, sort: r => r.p10, cell: r => num(r.p10) },
      { label: 'p90', num: true, sort: r => r.p90, cell: r => num(r.p90) },
      { label: 'min', num: true, sort: r => r.min, cell: r => num(r.min) },
      { label: 'max', num: true, sort: r => r.max, cell: r => num(r.max) },
      { label: 'direction', cell: r => (r.direction || '').replaceAll('_', ' ') },
    ],
  });
  results.setRows(measured);
  const seen = new Set(KNOWN.map(([k]) => k));
  const errors = sameErrors(failed);
  render(
    el('p', { class: 'back' }, el('a', { href: `#/p/${p}` }, `← ${run.project}`)),
    el('h1', {}, `Run of ${short(run.commit.sha)}`),
    el('p', {}, el('code', {}, run.commit.sha), run.commit.branch ? ` on ${run.commit.branch}` : '',
      run.commit.message ? ` · ${firstLine(run.commit.message)}` : ''),
    el('p', { class: 'muted' }, `uploaded ${time(run.uploadedAt)} · ${run.judgedAt ? `judged ${time(run.judgedAt)}` : 'not judged yet'}`
      + ` · source ${run.source} · schema ${run.schemaVersion} · ${measured.length} results, ${failed.length} failed`),
    run.source === 'trace' ? el('p', { id: 'run-trace' }, 'A profiler trace: its results are per-step figures. ',
      el('a', { href: `#/trace/${run.runId}` }, 'Open the trace: timeline, steps, idle gaps')) : null,
    throttled ? el('p', { class: 'warning', id: 'throttled' }, `The GPU reported throttling during this run${attrs.throttle_reasons_after ? ` (${attrs.throttle_reasons_after})` : ''}: its numbers may be slow for that reason.`) : null,
    failed.length === 0 ? null : el('section', { id: 'failures', class: 'run-failures' },
      el('h2', {}, `Failed workloads (${failed.length})`),
      el('ul', { class: 'failures', id: 'failed-workloads' }, errors.map(e => el('li', { class: 'failure' },
        e.workloads.map(f => el('div', { class: 'workload' }, el('strong', {}, `${f.benchmark} v${f.version}`), ` ${paramsText(f.params)} · ${f.metric}`)),
        errorText(e.text, e.workloads.length))))),
    el('h2', {}, `Results (${measured.length})`),
    failed.length === 0 ? el('p', { class: 'muted', id: 'failed-workloads-none' }, 'None of the workloads failed: every one produced samples.') : null,
    results.node,
    el('details', { id: 'environment-details', class: 'environment' },
      el('summary', {}, el('h2', {}, 'Environment'), ` ${[env.gpu, env.driver && `driver ${env.driver}`, env.cuda && `CUDA ${env.cuda}`, env.host].filter(Boolean).join(' · ')}`),
      scroll(el('table', { class: 'facts', id: 'environment' }, el('tbody', {},
        fact('GPU', env.gpu), fact('driver', env.driver), fact('CUDA', env.cuda), fact('runtime', env.runtime),
        fact('JVM', env.jvm), fact('host', env.host), fact('environment class', env.environmentClass),
        KNOWN.filter(([k]) => k in attrs).map(([k, label]) => fact(label, attrs[k] === '' ? 'none' : attrs[k])),
        Object.keys(attrs).filter(k => !seen.has(k)).sort().map(k => fact(k, attrs[k])))))));
}

/** Failed workloads grouped by their error text, in the order each error first came. */
function sameErrors(failed) {
  const byText = new Map();
  failed.forEach(f => {
    const text = f.error.trim();
    if (!byText.has(text)) byText.set(text, { text, workloads: [] });
    byText.get(text).workloads.push(f);
  });
  return [...byText.values()];
}

/**
 * An error once, however often it came: "×N" when N workloads failed with the same text, and
 * "printed ×N" when the text is one block of lines printed N times over (a trace logged at every retry).
 */
function errorText(text, workloads) {
  const { block, times } = repeated(text);
  return el('div', { class: 'error-block' },
    workloads > 1 ? el('span', { class: 'repeat-count', title: `${workloads} workloads failed with this error` }, `×${workloads}`) : null,
    times > 1 ? el('span', { class: 'repeat-count printed', title: `the error text holds this ${times} times` }, `printed ×${times}`) : null,
    el('pre', { class: 'error-text' }, block));
}

/** The shortest block of lines (blank ones left out) that the text is {@code times} copies of; the text, once, when there is none. */
function repeated(text) {
  const lines = text.split('\n').map(l => l.trimEnd()).filter(l => l.trim() !== '');
  for (let size = 1; size <= lines.length / 2; size++) {
    if (lines.length % size === 0 && lines.every((line, i) => line === lines[i % size])) {
      return { block: lines.slice(0, size).join('\n'), times: lines.length / size };
    }
  }
  return { block: text, times: 1 };
}

const fact = (k, v) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v === null || v === undefined || v === '' ? '–' : String(v)));
