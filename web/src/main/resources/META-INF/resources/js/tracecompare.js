// Two commits' traces of one name (GET …/traces/compare): per device where a step's time went at each
// side (one stacked bar each, on one scale), the figures with their change, the one-line explanation,
// and the operators whose idle time moved.
import { api, render, el, enc, short, fixed, commitLink, errorBox } from './core.js';
import { micros, percent, dataTable } from './trace.js';
import { COLOURS, styled } from './timeline.js';

const SHA = /^[0-9a-f]{40}$/;
const PARTS = [['computeUs', 'compute', COLOURS.kernel], ['memoryUs', 'memory', COLOURS.memcpy],
  ['communicationUs', 'communication', COLOURS.memset], ['idleUs', 'idle', 'var(--bad)']];
/** The Breakdown's fields, in the API's order, with how each is shown. */
const FIELDS = [['steps', 'steps', v => String(v)], ['idlePercent', 'idle', percent], ['idleUs', 'idle time', micros],
  ['busyUs', 'busy', micros], ['computeUs', 'compute', micros], ['memoryUs', 'memory', micros],
  ['communicationUs', 'communication', micros], ['kernelLaunches', 'kernel launches', v => fixed(v, 1)],
  ['synchronizations', 'synchronizations', v => fixed(v, 1)], ['memcpyCount', 'memcpys', v => fixed(v, 1)],
  ['launchDelayUsP50', 'launch delay p50', micros]];

export const traceCompareLink = (project, base, head, name) =>
  `#/p/${enc(project)}/traces/compare?base=${base}&head=${head}&name=${enc(name)}`;

export async function traceComparePage(project, query) {
  const p = enc(project);
  const base = (query.get('base') || '').toLowerCase(), head = (query.get('head') || '').toLowerCase(), name = query.get('name') || '';
  const header = [el('p', { class: 'back' }, el('a', { href: `#/p/${p}` }, `← ${project}`)), el('h1', {}, `Trace compare · ${name || '?'}`)];
  if (!SHA.test(base) || !SHA.test(head) || !name) {
    render(header, el('p', { class: 'empty-state', id: 'trace-compare-empty' },
      'A trace comparison needs base and head commits (40-character shas) and a trace name: open it from a commit\'s traces or from compare.'));
    return;
  }
  const [report, baseTraces, headTraces] = await Promise.all([
    api(`/api/v1/projects/${p}/traces/compare?base=${base}&head=${head}&name=${enc(name)}`).catch(e => e),
    api(`/api/v1/projects/${p}/commits/${base}/traces`).catch(() => []),
    api(`/api/v1/projects/${p}/commits/${head}/traces`).catch(() => [])]);
  if (report instanceof Error) {
    render(header, errorBox(report, 'the trace comparison'));
    return;
  }
  const side = (label, sha, n, traces) => el('span', { class: 'side' }, `${label} `, el('a', { href: commitLink(project, sha) }, el('code', {}, short(sha))),
    ` (${n} trace${n === 1 ? '' : 's'}`, traces.filter(t => t.name === name).map((t, i) => [i === 0 ? ': ' : ', ',
      el('a', { href: `#/trace/${t.runId}`, class: `trace-${label}` }, `trace ${i + 1}`)]), ')');
  render(header,
    el('p', { class: 'commits' }, side('base', base, report.baseTraces, baseTraces), ' → ', side('head', head, report.headTraces, headTraces)),
    el('p', { class: 'muted' }, 'Means per profiler step over every trace of this name at each commit.'),
    report.devices.length === 0 ? el('p', { class: 'empty-state', id: 'trace-compare-none' }, `Neither commit has a trace named ${name} with GPU activity.`) : null,
    report.devices.map((d, i) => device(d, i)));
}

function device(d, i) {
  const scale = Math.max(...[d.base, d.head].filter(Boolean).map(b => PARTS.reduce((sum, [k]) => sum + (b[k] || 0), 0)), 1);
  return el('section', { class: 'trace-device', id: `compare-device-${i}`, 'data-device': d.device },
    el('h2', {}, `Device ${d.device}`),
    el('p', { class: 'explanation' }, d.explanation),
    el('div', { class: 'breakdown-bars' }, bar('base', d.base, scale), bar('head', d.head, scale),
      el('p', { class: 'legend' }, PARTS.map(([, label, colour]) => el('span', {}, styled(el('i', { class: 'swatch' }), { background: colour }), label)))),
    dataTable({ class: 'data breakdown' }, [['per step'], ['base', 1], ['head', 1], ['change', 1]],
      FIELDS.map(([k, label, show]) => [label, d.base ? show(d.base[k]) : '–', d.head ? show(d.head[k]) : '–', change(k, d.base, d.head)])),
    el('h3', {}, `Idle time by the operator it followed (${d.causes.length})`),
    d.causes.length === 0 ? el('p', { class: 'muted' }, 'No idle gap at either side.')
      : dataTable({ class: 'data causes' }, [['operator'], ['Python frame'], ['base', 1], ['head', 1], ['change', 1]],
        d.causes.map(c => [{ cls: 'operator', text: c.operator }, { cls: 'frame', text: c.pythonFrame || '–' },
          micros(c.baseIdleUsPerStep), micros(c.headIdleUsPerStep), signed(c.changeUs, ' µs')])));
}

/** One side's step as a horizontal stacked bar, its length on the scale both sides share. */
function bar(label, b, scale) {
  if (!b) return el('div', { class: `breakdown-row ${label}` }, el('span', { class: 'side-label' }, label),
    el('span', { class: 'muted missing' }, 'no trace of this device'));
  const total = PARTS.reduce((sum, [k]) => sum + (b[k] || 0), 0);
  return el('div', { class: `breakdown-row ${label}`, 'data-side': label },
    el('span', { class: 'side-label' }, label),
    styled(el('div', { class: 'breakdown-bar', role: 'img', 'aria-label': PARTS.map(([k, part]) => `${part} ${micros(b[k])}`).join(', ') },
      PARTS.filter(([k]) => b[k] > 0).map(([k, part, colour]) => styled(el('span', { class: `part ${part}`, title: `${part}: ${micros(b[k])} per step` }),
        { flexGrow: String(b[k]), background: colour }))), { width: `${((total / scale) * 100).toFixed(2)}%` }),
    el('span', { class: 'bar-total' }, `${micros(total)} · ${percent(b.idlePercent)} idle`));
}

const signed = (v, unit) => (v === null || v === undefined ? '–' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}${unit}`);

function change(k, base, head) {
  if (!base || !head) return '–';
  const d = head[k] - base[k];
  if (k === 'idlePercent') return `${signed(d, '')} pp`;
  if (k === 'steps') return signed(d, '').replace('.0', '');
  const unit = k.endsWith('Us') ? ' µs' : '';
  return base[k] ? `${signed(d, unit)} (${d >= 0 ? '+' : '−'}${fixed(Math.abs(d / base[k]) * 100, 1)}%)` : signed(d, unit);
}
