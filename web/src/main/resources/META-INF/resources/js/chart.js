// The series chart, by uPlot (a global from its webjar): a median line per parameter set, each point
// with its forks' p10-p90 whisker and coloured by the machine that measured it, the band a change must
// leave to count (the level ± detection's threshold), each change's level before and after it, marks
// for throttled runs, failed workloads, version and environment changes and triage notes; details of
// the commit under the cursor in a row above the plot, a click opens the point's links; drag to zoom,
// double-click to reset, and the chart follows resizes.
import { el, short, num, pct, paramsText, time, onLeave } from './core.js';

// brighter lines and denser bands on a dark background (the page follows prefers-color-scheme)
const DARK = window.matchMedia('(prefers-color-scheme: dark)').matches;
const COLORS = DARK ? ['#6cb2ff', '#ff9a5c', '#5fd38a', '#c493ff', '#f2cc5b', '#5ad1d1']
  : ['#1f5fa8', '#c2571a', '#2e8540', '#7b3fa0', '#9a7300', '#13807f'];
const band = color => {
  const [r, g, b] = [1, 3, 5].map(i => parseInt(color.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${DARK ? 0.25 : 0.18})`;
};

// the line's colour in the tooltip, set through the CSSOM (the policy forbids style attributes)
const swatch = color => { const s = el('span', { class: 'swatch' }); s.style.background = color; return s; };

// a machine's points: a palette apart from the lines' (one line, points told apart by machine)
const MACHINE_COLORS = DARK ? ['#6cb2ff', '#ff9a5c', '#5fd38a', '#c493ff', '#f2cc5b', '#5ad1d1', '#ff7eb6', '#b0b8c8']
  : ['#1f5fa8', '#c2571a', '#2e8540', '#7b3fa0', '#9a7300', '#13807f', '#c0306a', '#5b6475'];

/**
 * Tick labels of one axis with one number of decimals, read off the step between ticks: 9.0, 9.5,
 * 10.0, never "9.000" beside "10.00"; large values get thousands separators.
 */
export function tickFormat(splits, incr) {
  const step = incr > 0 ? incr : Math.abs((splits[1] ?? 1) - (splits[0] ?? 0)) || 1;
  let decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  while (decimals < 8 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++; // 2.5: one decimal
  return splits.map(v => v == null ? '' : Number(v).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
}

/** "+12.3% (threshold ±4.1%)": a change and what it had to pass. */
export const changeLabel = (changePercent, thresholdPercent) =>
  `${changePercent > 0 ? '+' : ''}${Number(changePercent).toFixed(1)}%${thresholdPercent == null ? '' : ` (threshold ±${Number(thresholdPercent).toFixed(1)}%)`}`;

/**
 * Draws the history into the container. x is the index of a measured commit along the branch (oldest
 * first, commits measured by any line); each line has its own colour and legend label. First bad
 * commits of regressions (red) and improvements (green) are marked with a triangle, version and
 * environment changes with a grey dashed line labelled at the bottom. Optional, for the first line:
 * {@code threshold} (% of the level) draws the band a change must leave around the level of each
 * stretch between changes; {@code levels} ([{sha, base, head, label, note}]) the level before and
 * after each change; {@code machines} colours its points by machine with a legend; {@code failures}
 * (shas) puts a cross on the x axis; {@code pick(sha)} answers the links a click on a point opens.
 * What is drawn is on the container as data attributes (data-marks, data-changes, data-levels,
 * data-band, data-machines, data-throttled, data-failures, data-notes, data-yticks) and the uPlot
 * instance is its `uplot` property.
 */
export function seriesChart(container, { shas, unit, lines, flagged, changes, overlaid, versioned, commits,
  threshold = null, levels = [], machines = false, failures = [], pick = null }) {
  const marks = flagged.map(r => ({ ...r, index: shas.indexOf(r.firstBadCommit) })).filter(r => r.index >= 0);
  const value = (u, v) => v == null ? '–' : `${num(v)} ${unit}`;
  const data = [shas.map((_, i) => i)];
  const series = [{ label: 'commit', value: (u, v) => v == null ? '–' : short(shas[v]) }];
  const bands = [];
  const main = lines[0];
  const machineNames = machines ? [...new Set([...main.at.values()].map(p => p.machine).filter(Boolean))] : [];
  const machineColor = name => MACHINE_COLORS[machineNames.indexOf(name) % MACHINE_COLORS.length];
  const colored = machineNames.length > 0;
  lines.forEach((line, k) => {
    data.push(shas.map(sha => line.at.get(sha)?.median ?? null));
    const color = colored && k === 0 ? muted0() : COLORS[k % COLORS.length];
    series.push({ label: line.label, stroke: color, width: colored && k === 0 ? 1.5 : 2, value, spanGaps: true,
      points: { show: !(colored && k === 0), size: 7 } });
  });
  // the band: the level of each stretch between changes ± the threshold, for the first line
  const changeAt = levels.map(l => ({ ...l, index: shas.indexOf(l.sha) })).filter(l => l.index >= 0).sort((a, b) => a.index - b.index);
  const stretches = [];
  let from = 0;
  changeAt.forEach((c, i) => {
    stretches.push({ from, to: c.index - 1, level: c.base ?? medianOf(main, shas, from, c.index - 1) });
    from = c.index;
    if (i === changeAt.length - 1) stretches.push({ from, to: shas.length - 1, level: c.head ?? medianOf(main, shas, from, shas.length - 1) });
  });
  if (changeAt.length === 0) stretches.push({ from: 0, to: shas.length - 1, level: medianOf(main, shas, 0, shas.length - 1) });
  if (threshold != null) {
    const at = i => stretches.find(s => i >= s.from && i <= s.to)?.level ?? null;
    const hi = shas.map((_, i) => at(i) == null ? null : at(i) * (1 + threshold / 100));
    const lo = shas.map((_, i) => at(i) == null ? null : at(i) * (1 - threshold / 100));
    data.push(hi, lo);
    const fill = band(colored ? '#808080' : COLORS[0]);
    const edge = name => ({ label: name, class: 'edge', stroke: 'transparent', width: 0, value, points: { show: false } });
    series.push(edge(`threshold +${threshold.toFixed(1)}%`), edge(`threshold −${threshold.toFixed(1)}%`));
    bands.push({ series: [series.length - 2, series.length - 1], fill });
    container.dataset.band = JSON.stringify({ threshold, series: [series.length - 2, series.length - 1] });
  }
  const throttled = shas.map((sha, i) => (main.at.get(sha)?.throttled ? i : -1)).filter(i => i >= 0);
  const failed = [...new Set(failures.map(sha => shas.indexOf(sha)).filter(i => i >= 0))];
  const noted = marks.filter(m => m.note);
  container.dataset.points = String(shas.length);
  container.dataset.marks = String(new Set(marks.map(m => m.index)).size);
  container.dataset.changes = JSON.stringify(changes.map(({ kind, sha, index, text }) => ({ kind, sha, index, text })));
  container.dataset.levels = JSON.stringify(changeAt.map(({ sha, index, base, head, label }) => ({ sha, index, base, head, label })));
  container.dataset.machines = JSON.stringify(machineNames.map(name => ({ name, color: machineColor(name) })));
  container.dataset.throttled = JSON.stringify(throttled);
  container.dataset.failures = JSON.stringify(failed);
  container.dataset.notes = JSON.stringify(noted.map(m => ({ index: m.index, note: m.note })));

  // the commit under the cursor, in a row above the plot: it never covers a point
  const tip = el('div', { class: 'chart-tip' });
  tip.style.minHeight = `${(3 + lines.length) * 1.4}em`;
  const showTip = u => {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left < 0) { tip.classList.remove('shown'); return; }
    const commit = commits.get(shas[i]);
    tip.replaceChildren(
      el('div', {}, el('code', {}, short(shas[i])), ' ', commit?.timestamp ? time(commit.timestamp) : '',
        el('span', { class: 'message' }, ' ', (commit?.message || '').split('\n')[0])),
      ...lines.map((line, k) => { const p = line.at.get(shas[i]);
        return p ? el('div', {}, swatch(colored && k === 0 ? machineColor(p.machine) : COLORS[k % COLORS.length]),
          `${lines.length > 1 ? line.label + ': ' : ''}${overlaid ? '' : 'median '}${num(p.median)} ${unit}, p10–p90 ${num(p.p10)}–${num(p.p90)}, ${p.n} forks${
            versioned ? `, v${p.version}` : ''}${colored && k === 0 && p.machine ? `, ${p.machine}` : ''}${p.throttled ? ', throttled' : ''}`) : ''; }),
      ...(failed.includes(i) ? [el('div', { class: 'regression' }, 'workload failed at this commit')] : []),
      ...marks.filter(m => m.index === i).map(m => el('div', { class: m.kind },
        `${m.kind} ${pct(m.changePercent)} (${m.status.replaceAll('_', ' ')}${overlaid ? `, ${paramsText(m.params)} v${m.version}`
          : lines.length > 1 ? ', ' + m.environment : ''})`)),
      ...changes.filter(c => c.index === i).map(c => el('div', { class: 'change' }, `${c.kind} change: ${c.text}`)));
    tip.classList.add('shown');
  };
  const style = getComputedStyle(document.body), css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const ink = css('--fg', '#1d2430'), grid = css('--line', '#e3e6ea'), bad = css('--bad', '#b00020'), good = css('--good', '#1b7f3a');
  const muted = css('--muted', '#5b6475');
  function muted0() { return getComputedStyle(document.body).getPropertyValue('--muted').trim() || '#5b6475'; }
  const warn = DARK ? '#f2cc5b' : '#b26b00';
  const drawMarks = u => {
    const { ctx } = u, { left, top, width, height } = u.bbox, r = devicePixelRatio || 1;
    const inside = x => x >= left - 0.5 && x <= left + width + 0.5;
    const X = i => Math.round(u.valToPos(i, 'x', true)), Y = v => u.valToPos(v, 'y', true);
    ctx.save();
    ctx.beginPath(); ctx.rect(left, top, width, height); ctx.clip();
    ctx.lineWidth = r;
    ctx.font = `${11 * r}px system-ui, sans-serif`;
    // each point's own fork spread (p10-p90) as a whisker, coloured by machine where points are
    shas.forEach((sha, i) => {
      const p = main.at.get(sha), x = X(i);
      if (!p || !inside(x)) return;
      ctx.strokeStyle = colored ? machineColor(p.machine) : COLORS[0];
      ctx.beginPath(); ctx.moveTo(x, Y(p.p10)); ctx.lineTo(x, Y(p.p90)); ctx.stroke();
      if (colored) { ctx.fillStyle = machineColor(p.machine); ctx.beginPath(); ctx.arc(x, Y(p.median), 3.5 * r, 0, 2 * Math.PI); ctx.fill(); }
      if (p.throttled) { // an amber ring and a "T" above: the GPU throttled in this run
        ctx.strokeStyle = ctx.fillStyle = warn; ctx.lineWidth = 2 * r;
        ctx.beginPath(); ctx.arc(x, Y(p.median), 7 * r, 0, 2 * Math.PI); ctx.stroke(); ctx.lineWidth = r;
        ctx.textAlign = 'center'; ctx.fillText('T', x, Y(p.median) - 10 * r);
      }
    });
    // the level before and after each change, labelled with its size and threshold
    for (const c of changeAt) {
      const before = stretches.find(s => s.to === c.index - 1), after = stretches.find(s => s.from === c.index);
      ctx.setLineDash([]); ctx.lineWidth = 2 * r; ctx.strokeStyle = ctx.fillStyle = ink;
      if (before && c.base != null) { ctx.beginPath(); ctx.moveTo(X(before.from), Y(c.base)); ctx.lineTo(X(c.index - 0.5), Y(c.base)); ctx.stroke(); }
      if (after && c.head != null) {
        ctx.strokeStyle = ctx.fillStyle = c.kind === 'improvement' ? good : bad;
        ctx.beginPath(); ctx.moveTo(X(c.index - 0.5), Y(c.head)); ctx.lineTo(X(after.to), Y(c.head)); ctx.stroke();
        ctx.textAlign = 'left';
        const y = c.head >= (c.base ?? c.head) ? Y(c.head) - 6 * r : Y(c.head) + 14 * r;
        ctx.fillText(c.label, Math.min(X(c.index) + 4 * r, left + width - ctx.measureText(c.label).width - 2 * r), y);
      }
      ctx.lineWidth = r;
    }
    const labelled = new Map();
    for (const c of changes) { // grey: long dashes for a version, dots for an environment class
      const x = X(c.index);
      if (!inside(x)) continue;
      ctx.strokeStyle = ctx.fillStyle = muted;
      ctx.setLineDash(c.kind === 'version' ? [8 * r, 4 * r] : [2 * r, 3 * r]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      const row = labelled.get(x) || 0;
      labelled.set(x, row + 1);
      ctx.textAlign = 'left';
      ctx.fillText(c.kind === 'version' ? c.text.split(' → ')[1].split(' ')[0] : 'env', x + 3 * r, top + height - (16 + 13 * row) * r);
    }
    ctx.setLineDash([]);
    for (const m of marks) {
      const x = X(m.index);
      if (!inside(x)) continue;
      ctx.strokeStyle = ctx.fillStyle = m.kind === 'improvement' ? good : bad;
      ctx.setLineDash([4 * r, 3 * r]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath(); ctx.moveTo(x - 6 * r, top); ctx.lineTo(x + 6 * r, top); ctx.lineTo(x, top + 9 * r); ctx.closePath(); ctx.fill();
      if (m.note) { // a triage note, shortened, beside the triangle (in full below the chart)
        const text = m.note.length > 40 ? m.note.slice(0, 39) + '…' : m.note;
        ctx.fillStyle = ink; ctx.textAlign = x > left + width / 2 ? 'right' : 'left';
        ctx.fillText(`✎ ${text}`, x + (x > left + width / 2 ? -9 : 9) * r, top + 10 * r);
      }
    }
    for (const i of failed) { // a cross on the x axis: the workload failed, there is no value
      const x = X(i), y = top + height - 6 * r;
      if (!inside(x)) continue;
      ctx.strokeStyle = bad; ctx.lineWidth = 2.5 * r;
      ctx.beginPath(); ctx.moveTo(x - 5 * r, y - 5 * r); ctx.lineTo(x + 5 * r, y + 5 * r);
      ctx.moveTo(x + 5 * r, y - 5 * r); ctx.lineTo(x - 5 * r, y + 5 * r); ctx.stroke();
    }
    ctx.restore();
  };
  const width = () => Math.max(container.clientWidth, 280);
  const plot = new uPlot({
    width: width(), height: 320,
    scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] } },
    axes: [
      { label: 'commit', space: 70, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        values: (u, splits) => splits.map(v => Number.isInteger(v) && shas[v] ? short(shas[v]).slice(0, 7) : '') },
      { label: unit, size: 70, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid },
        values: (u, splits, axis, space, incr) => { const labels = tickFormat(splits, incr); container.dataset.yticks = JSON.stringify(labels); return labels; } }],
    series, bands,
    hooks: { draw: [drawMarks], setCursor: [showTip] },
  }, data, container);
  container.insertBefore(tip, plot.root);
  container.uplot = plot;
  if (colored || throttled.length || failed.length || changes.some(c => c.kind === 'version')) {
    container.append(el('div', { class: 'chart-key' },
      machineNames.map(name => el('span', { class: 'machine', 'data-machine': name }, swatch(machineColor(name)), name)),
      throttled.length ? el('span', { class: 'key-throttled' }, el('span', { class: 'sym throttled' }, 'T'), 'throttled run') : null,
      failed.length ? el('span', { class: 'key-failed' }, el('span', { class: 'sym failed' }, '✕'), 'workload failed') : null,
      changes.some(c => c.kind === 'version') ? el('span', { class: 'key-version' }, el('span', { class: 'sym' }, '┆'), 'version change') : null,
      threshold != null ? el('span', { class: 'key-band' }, el('span', { class: 'sym band' }, ' '), `level ± threshold ${threshold.toFixed(1)}%`) : null));
  }
  const panel = el('div', { class: 'chart-panel', id: 'point-panel' });
  panel.hidden = true;
  container.append(panel);
  if (pick) {
    let down = null;
    plot.over.addEventListener('mousedown', e => { down = [e.clientX, e.clientY]; });
    plot.over.addEventListener('click', e => {
      const moved = down && Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 4;
      const i = plot.cursor.idx;
      if (moved || i == null) return;
      panel.replaceChildren(el('button', { type: 'button', class: 'close', 'aria-label': 'close', onclick: () => { panel.hidden = true; } }, '×'),
        el('div', {}, el('code', {}, short(shas[i])), ' ', (commits.get(shas[i])?.message || '').split('\n')[0]), ...pick(shas[i]));
      panel.dataset.sha = shas[i];
      panel.hidden = false;
    });
  }
  const resize = () => plot.setSize({ width: width(), height: 320 });
  window.addEventListener('resize', resize);
  onLeave(() => { window.removeEventListener('resize', resize); plot.destroy(); });
  return plot;
}

/** The median of a line's values at the indexes [from, to]: a stretch's level where no change gives it. */
function medianOf(line, shas, from, to) {
  const values = shas.slice(from, to + 1).map(sha => line.at.get(sha)?.median).filter(v => v != null).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}
