// The series chart, by uPlot (a global from its webjar): a median line per parameter set over the
// forks' p10-p90 band, regression marks, version and environment change markers, hover details;
// drag to zoom, double-click to reset, and the chart follows resizes.
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

/**
 * Draws the history into the container. x is the index of a measured commit along the branch (oldest
 * first, commits measured by any line); each line has its own colour, legend label and band. First
 * bad commits of regressions (red) and improvements (green) are marked with a triangle, version and
 * environment changes with a grey dashed line labelled at the bottom. The positions of both are on
 * the container (data-marks, data-changes) and the uPlot instance is its `uplot` property.
 */
export function seriesChart(container, { shas, unit, lines, flagged, changes, overlaid, versioned, commits }) {
  const marks = flagged.map(r => ({ ...r, index: shas.indexOf(r.firstBadCommit) })).filter(r => r.index >= 0);
  const value = (u, v) => v == null ? '–' : `${num(v)} ${unit}`;
  const data = [shas.map((_, i) => i)];
  const series = [{ label: 'commit', value: (u, v) => v == null ? '–' : short(shas[v]) }];
  const bands = [];
  lines.forEach((line, k) => {
    const field = f => shas.map(sha => line.at.get(sha)?.[f] ?? null);
    data.push(field('median'), field('p10'), field('p90'));
    const color = COLORS[k % COLORS.length], fill = band(color);
    const edge = name => ({ label: `${name}${overlaid ? ' ' + line.label : line.label.replace(/^median/, '')}`, class: 'edge',
      stroke: fill, width: 1, value, spanGaps: true, points: { show: false } });
    series.push({ label: line.label, stroke: color, width: 2, value, spanGaps: true, points: { show: true, size: 7 } }, edge('p10'), edge('p90'));
    bands.push({ series: [3 * k + 3, 3 * k + 2], fill });
  });
  container.dataset.points = String(shas.length);
  container.dataset.marks = String(new Set(marks.map(m => m.index)).size);
  container.dataset.changes = JSON.stringify(changes.map(({ kind, sha, index, text }) => ({ kind, sha, index, text })));

  const tip = el('div', { class: 'chart-tip' });
  tip.hidden = true;
  const showTip = u => {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left < 0) { tip.hidden = true; return; }
    const commit = commits.get(shas[i]);
    tip.replaceChildren(
      el('div', {}, el('code', {}, short(shas[i])), ' ', commit?.timestamp ? time(commit.timestamp) : ''),
      el('div', { class: 'message' }, (commit?.message || '').split('\n')[0]),
      ...lines.map((line, k) => { const p = line.at.get(shas[i]);
        return p ? el('div', {}, swatch(COLORS[k % COLORS.length]),
          `${lines.length > 1 ? line.label + ': ' : ''}${overlaid ? '' : 'median '}${num(p.median)} ${unit}, p10–p90 ${num(p.p10)}–${num(p.p90)}, ${p.n} forks${
            versioned ? `, v${p.version}` : ''}`) : ''; }),
      ...marks.filter(m => m.index === i).map(m => el('div', { class: m.kind },
        `${m.kind} ${pct(m.changePercent)} (${m.status.replaceAll('_', ' ')}${overlaid ? `, ${paramsText(m.params)} v${m.version}`
          : lines.length > 1 ? ', ' + m.environment : ''})`)),
      ...changes.filter(c => c.index === i).map(c => el('div', { class: 'change' }, `${c.kind} change: ${c.text}`)));
    tip.hidden = false;
    const left = u.valToPos(i, 'x');
    const right = left + 12 + tip.offsetWidth <= u.over.clientWidth; // beside the point, flipped at the edge
    tip.style.left = `${Math.max(right ? left + 12 : left - 12 - tip.offsetWidth, 0)}px`;
    tip.style.top = `${Math.max(u.cursor.top - tip.offsetHeight - 12, 0)}px`;
  };
  const style = getComputedStyle(document.body), css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const ink = css('--fg', '#1d2430'), grid = css('--line', '#e3e6ea'), bad = css('--bad', '#b00020'), good = css('--good', '#1b7f3a');
  const muted = css('--muted', '#5b6475');
  const drawMarks = u => {
    const { ctx } = u, { left, top, width, height } = u.bbox, r = devicePixelRatio || 1;
    const inside = x => x >= left && x <= left + width;
    ctx.save();
    ctx.lineWidth = r;
    const labelled = new Map();
    for (const c of changes) { // grey: long dashes for a version, dots for an environment class
      const x = Math.round(u.valToPos(c.index, 'x', true));
      if (!inside(x)) continue;
      ctx.strokeStyle = ctx.fillStyle = muted;
      ctx.setLineDash(c.kind === 'version' ? [8 * r, 4 * r] : [2 * r, 3 * r]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      const row = labelled.get(x) || 0;
      labelled.set(x, row + 1);
      ctx.font = `${11 * r}px system-ui, sans-serif`; ctx.textAlign = 'left';
      ctx.fillText(c.kind === 'version' ? c.text.split(' → ')[1].split(' ')[0] : 'env', x + 3 * r, top + height - (4 + 13 * row) * r);
    }
    ctx.setLineDash([]);
    for (const m of marks) {
      const x = Math.round(u.valToPos(m.index, 'x', true));
      if (!inside(x)) continue;
      ctx.strokeStyle = ctx.fillStyle = m.kind === 'improvement' ? good : bad;
      ctx.setLineDash([4 * r, 3 * r]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath(); ctx.moveTo(x - 6 * r, top); ctx.lineTo(x + 6 * r, top); ctx.lineTo(x, top + 9 * r); ctx.closePath(); ctx.fill();
    }
    ctx.restore();
  };
  const plot = new uPlot({
    width: Math.max(container.clientWidth, 280), height: 320,
    scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] } },
    axes: [
      { label: 'commit', space: 70, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        values: (u, splits) => splits.map(v => Number.isInteger(v) && shas[v] ? short(shas[v]).slice(0, 7) : '') },
      { label: unit, size: 70, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, values: (u, splits) => splits.map(v => num(v)) }],
    series, bands,
    hooks: { draw: [drawMarks], setCursor: [showTip] },
  }, data, container);
  plot.over.append(tip);
  container.uplot = plot;
  const resize = () => plot.setSize({ width: Math.max(container.clientWidth, 280), height: 320 });
  window.addEventListener('resize', resize);
  onLeave(() => { window.removeEventListener('resize', resize); plot.destroy(); });
  return plot;
}
