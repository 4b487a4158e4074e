// One profiler trace (GET /api/v1/runs/{id}/trace): what was uploaded, per device the whole-trace and
// per-step figures, the CPU operators the GPU's idle time followed, and one step as a timeline.
import { api, render, el, enc, short, fixed, time, commitLink, scroll } from './core.js';
import { timelineView } from './timeline.js';

const UUID = /^[0-9a-fA-F-]{36}$/;

/** "1,234.5 µs": microseconds as every trace table shows them. */
export const micros = v => (v === null || v === undefined || !Number.isFinite(Number(v)) ? '–'
  : `${Number(v).toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} µs`);
export const percent = v => (v === null || v === undefined ? '–' : `${fixed(v)}%`);
const count = v => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en', { maximumFractionDigits: 2 }));

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = Number(n), i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** A table with a header row; cells that are numbers line up right. */
export function dataTable(attrs, head, rows) {
  return scroll(el('table', { class: 'data', ...attrs },
    el('thead', {}, el('tr', {}, head.map(([label, num]) => el('th', { scope: 'col', class: num ? 'num' : '' }, label)))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map((c, i) => el('td', { class: head[i][1] ? 'num' : c?.cls || '' }, c?.cls ? c.text : c)))))));
}

export async function tracePage(runId) {
  if (!UUID.test(runId)) throw new Error(`'${runId}' is not a run id (a UUID, as in a trace upload's answer).`);
  const [trace, run] = await Promise.all([api(`/api/v1/runs/${runId}/trace`), api(`/api/v1/runs/${runId}`).catch(() => null)]);
  const s = trace.summary;
  const p = run ? enc(run.project) : null;
  document.title = `${trace.name} · trace · hostgap`;
  render(
    run ? el('p', { class: 'back' }, el('a', { href: `#/p/${p}` }, `← ${run.project}`)) : null,
    el('h1', {}, `Trace ${trace.name}`),
    el('p', { id: 'trace-facts' },
      `${trace.format === 'nsys' ? 'Nsight Systems export' : 'PyTorch profiler (Kineto)'} · ${bytes(trace.fileBytes)} · `
      + `uploaded ${time(trace.uploadedAt)} · ${count(s.events)} events · ${s.steps} profiler steps`),
    el('p', { class: 'links' },
      trace.fileUrl
        ? [el('a', { href: trace.fileUrl, id: 'trace-download', download: '' }, 'download the file'), ` (kept until ${time(trace.fileKeptUntil)})`]
        : el('span', { class: 'muted', id: 'trace-file-gone' }, 'The file was deleted after its keep time; its figures are kept.'),
      ' · ', el('a', { href: `#/runs/${trace.runId}`, id: 'trace-run' }, 'the run'),
      run ? [' · commit ', el('a', { href: commitLink(run.project, run.commit.sha), id: 'trace-commit' }, short(run.commit.sha)),
        run.commit.branch ? ` on ${run.commit.branch}` : ''] : null),
    s.devices.length === 0 ? el('p', { class: 'empty-state', id: 'trace-no-gpu' }, 'The trace has no GPU activity: nothing to break down.') : null,
    s.timeline ? [el('h2', {}, `Timeline of step ${s.timeline.step} on ${s.timeline.device}`),
      el('p', { class: 'muted' }, 'The step whose idle percent is the median. Scroll or use the buttons to zoom, drag to pan, '
        + 'hover for an interval\'s name and duration. Red: the GPU is idle.'),
      timelineView(s.timeline)] : null,
    s.devices.map((d, i) => device(d, i)));
}

function device(d, i) {
  const fact = (k, v, cls) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', { class: cls }, v));
  return el('section', { class: 'trace-device', id: `device-${i}`, 'data-device': d.device },
    el('h2', {}, `Device ${d.device}`),
    scroll(el('table', { class: 'facts device-figures' }, el('tbody', {},
      fact('span', micros(d.spanUs)), fact('busy', micros(d.busyUs)),
      fact('idle', percent(d.idlePercent), 'idle-percent'),
      fact('compute', micros(d.computeUs)), fact('memory', micros(d.memoryUs)), fact('communication', micros(d.communicationUs)),
      fact('kernels', count(d.kernels)), fact('memcpys', `${count(d.memcpys)} (${bytes(d.memcpyBytes)})`), fact('memsets', count(d.memsets))))),
    el('h3', {}, `Per step (${d.steps.length})`),
    dataTable({ class: 'data step-figures' },
      [['step'], ['span', 1], ['busy', 1], ['idle', 1], ['idle %', 1], ['compute', 1], ['memory', 1], ['comm.', 1],
        ['launches', 1], ['launch CPU p50', 1], ['launch delay p50', 1], ['p99', 1], ['memcpys', 1], ['bytes', 1], ['syncs', 1],
        ['gaps <10 µs', 1], ['10–100 µs', 1], ['0.1–1 ms', 1], ['≥1 ms', 1]],
      d.steps.map(st => [st.step < 0 ? 'whole trace' : st.step, micros(st.spanUs), micros(st.busyUs), micros(st.idleUs),
        percent(st.idlePercent), micros(st.computeUs), micros(st.memoryUs), micros(st.communicationUs), count(st.kernelLaunches),
        micros(st.launchCpuUsP50), micros(st.launchDelayUsP50), micros(st.launchDelayUsP99), count(st.memcpyCount),
        bytes(st.memcpyBytes), count(st.synchronizations), ...(st.gapHistogram || []).map(count)])),
    el('h3', {}, `What the CPU was doing when the GPU went idle (${d.gapCauses.length})`),
    d.gapCauses.length === 0 ? el('p', { class: 'muted' }, 'No idle gap between GPU activities.')
      : dataTable({ class: 'data gap-causes' },
        [['operator'], ['Python frame'], ['idle per step', 1], ['gaps', 1], ['largest gap', 1]],
        d.gapCauses.map(c => [{ cls: 'operator', text: c.operator }, { cls: 'frame', text: c.pythonFrame || '–' },
          micros(c.idleUsPerStep), count(c.gaps), micros(c.largestGapUs)])));
}
