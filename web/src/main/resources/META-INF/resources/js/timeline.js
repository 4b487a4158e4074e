// One profiler step drawn on a canvas: CPU thread lanes (operators nested by depth, runtime calls in
// their own colour) above GPU stream lanes, the GPU's idle gaps as a red band, a time axis in µs.
// Wheel or buttons zoom, dragging pans, hovering names the interval. A few thousand intervals redraw
// in a frame, so everything is drawn again on each change rather than cached.
import { el, onLeave } from './core.js';

const ROW = { cpu: 11, gpu: 20 }, HEADER = 15, AXIS = 24, GAP = 4, MIN_SPAN_US = 0.5;
/** Category colours, readable on the light and the dark panel. */
export const COLOURS = {
  cpu_op: '#4c78a8', python: '#9aa5b4', runtime: '#f58518', kernel: '#2f9e58', memcpy: '#9c5fc4', memset: '#17a2b8',
};
const LEGEND = [['cpu_op', 'CPU operator'], ['python', 'Python frame'], ['runtime', 'CUDA runtime call'], ['kernel', 'kernel'],
  ['memcpy', 'memcpy'], ['memset', 'memset']];

/** Styles set through the CSSOM: the content security policy forbids style attributes. */
export function styled(node, style) {
  Object.assign(node.style, style);
  return node;
}

const us = v => `${Number(v).toLocaleString('en', { maximumFractionDigits: v < 10 ? 3 : 1 })} µs`;

/** The 1, 2 or 5 × 10^k step that puts about one tick every `pixels` px. */
function tickStep(spanUs, width, pixels = 90) {
  const raw = spanUs / Math.max(1, width / pixels), power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * power).find(s => s >= raw);
}

/** Lanes laid out top to bottom: each with its header, rows by depth, and its intervals by row for hovering. */
function layout(lanes) {
  let y = 0;
  const sorted = [...lanes.filter(l => l.kind === 'cpu'), ...lanes.filter(l => l.kind !== 'cpu')];
  const placed = sorted.map(lane => {
    const depths = lane.events.map(e => e.depth || 0);
    const min = depths.length ? Math.min(...depths) : 0, rows = depths.length ? Math.max(...depths) - min + 1 : 1;
    const row = lane.kind === 'cpu' ? ROW.cpu : ROW.gpu;
    const top = y;
    y += HEADER + rows * row + GAP;
    const byRow = Array.from({ length: rows }, () => []);
    lane.events.forEach(e => byRow[(e.depth || 0) - min].push(e));
    byRow.forEach(list => list.sort((a, b) => a.startUs - b.startUs));
    return { lane, top, body: top + HEADER, row, rows, min, byRow, bottom: top + HEADER + rows * row };
  });
  return { placed, height: y + AXIS };
}

/**
 * The timeline of `timeline` (TraceSummary.Timeline) in a new element: controls, the canvas and a legend.
 * The visible range is kept in µs from the step's start; `range` shows it in words.
 */
export function timelineView(timeline) {
  const duration = Math.max(timeline.durationUs, MIN_SPAN_US);
  const { placed, height } = layout(timeline.lanes);
  const gpu = placed.filter(p => p.lane.kind !== 'cpu');
  const gpuTop = gpu.length ? gpu[0].top : 0, gpuBottom = gpu.length ? gpu[gpu.length - 1].bottom : 0;
  let from = 0, to = duration, frame = 0, drag = null;

  const canvas = el('canvas', { id: 'timeline-canvas', tabindex: '0', role: 'img',
    'aria-label': `Timeline of step ${timeline.step}: ${timeline.lanes.length} lanes; + and - zoom, arrow keys pan, 0 resets` });
  const tip = el('div', { class: 'chart-tip', id: 'timeline-tip', hidden: true });
  const labels = placed.map(p => styled(el('span', { class: `lane-label ${p.lane.kind}` },
    `${p.lane.kind === 'cpu' ? 'CPU' : 'GPU'} ${p.lane.name}`), { top: `${p.top}px` }));
  const box = el('div', { class: 'timeline', id: 'timeline' }, canvas, labels, tip);
  const range = el('span', { id: 'timeline-range', class: 'muted', 'aria-live': 'polite' });
  const button = (id, text, label, onclick) => el('button', { type: 'button', id, 'aria-label': label, title: label, onclick }, text);
  const controls = el('div', { class: 'controls timeline-controls' },
    button('zoom-in', '+', 'zoom in', () => zoom(0.5)), button('zoom-out', '−', 'zoom out', () => zoom(2)),
    button('zoom-reset', 'reset', 'show the whole step', () => show(0, duration)), range);
  const legend = el('p', { class: 'legend' }, LEGEND.map(([k, text]) => el('span', {}, styled(el('i', { class: 'swatch' }), { background: COLOURS[k] }), text)),
    el('span', {}, el('i', { class: 'swatch gap' }), 'GPU idle'));

  const width = () => Math.max(box.clientWidth, 200);
  const x = t => ((t - from) / (to - from)) * width();
  const timeAt = px => from + (px / width()) * (to - from);

  function show(start, end) {
    const span = Math.min(Math.max(end - start, MIN_SPAN_US), duration);
    start = Math.min(Math.max(start, 0), duration - span);
    from = start; to = start + span;
    range.textContent = `${us(from)} – ${us(to)} of step ${timeline.step} (${us(duration)})`;
    if (!frame) frame = requestAnimationFrame(draw);
  }

  /** Zoom by `factor` (below 1: in) around `at` µs, by default the middle of the view. */
  function zoom(factor, at = (from + to) / 2) {
    show(at - (at - from) * factor, at + (to - at) * factor);
  }

  function draw() {
    frame = 0;
    const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    const w = width(), ratio = devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(w * ratio); canvas.height = Math.round(height * ratio);
      canvas.style.width = `${w}px`; canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = css('--panel') || '#fff';
    ctx.fillRect(0, 0, w, height);
    ctx.fillStyle = css('--code-bg') || '#eef0f4';
    placed.forEach(p => ctx.fillRect(0, p.top, w, HEADER - 2));
    const step = tickStep(to - from, w), ink = css('--fg') || '#1d2430', line = css('--line') || '#e3e6ea';
    const axisY = height - AXIS, ticks = [];
    for (let t = Math.ceil(from / step) * step; t <= to + 1e-9; t += step) ticks.push(t);
    ctx.strokeStyle = line; ctx.lineWidth = 1;
    for (const t of ticks) { const px = Math.round(x(t)) + 0.5; ctx.beginPath(); ctx.moveTo(px, 0); ctx.lineTo(px, axisY); ctx.stroke(); }
    const bad = css('--bad') || '#b00020';
    for (const g of timeline.gaps || []) { // the GPU's idle time: faint over the CPU lanes, strong over the GPU's
      const x0 = x(g.startUs), x1 = x(g.startUs + g.durationUs);
      if (x1 < 0 || x0 > w) continue;
      ctx.globalAlpha = 0.07; ctx.fillStyle = bad; ctx.fillRect(x0, 0, Math.max(x1 - x0, 1), gpuTop);
      ctx.globalAlpha = 0.22; ctx.fillRect(x0, gpuTop, Math.max(x1 - x0, 1), gpuBottom - gpuTop);
      ctx.globalAlpha = 1; ctx.fillRect(x0, gpuBottom - 3, Math.max(x1 - x0, 1), 3);
    }
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const p of placed) {
      p.byRow.forEach((list, r) => {
        const y = p.body + r * p.row, h = p.row - 1;
        for (const e of list) {
          const x0 = x(e.startUs), x1 = x(e.startUs + e.durationUs);
          if (x1 < 0 || x0 > w) continue;
          ctx.fillStyle = COLOURS[e.category] || '#888';
          ctx.fillRect(x0, y, Math.max(x1 - x0, 1), h);
          if (x1 - x0 > 36 && h >= 10) {
            ctx.save(); ctx.beginPath(); ctx.rect(Math.max(x0, 0), y, Math.min(x1, w) - Math.max(x0, 0) - 2, h); ctx.clip();
            ctx.fillStyle = e.category === 'python' ? '#1d2430' : '#fff'; ctx.fillText(e.name, Math.max(x0, 0) + 2, y + h / 2 + 0.5);
            ctx.restore();
          }
        }
      });
    }
    // the axis: ticks and µs labels along the bottom
    ctx.fillStyle = ink; ctx.strokeStyle = line;
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    ctx.beginPath(); ctx.moveTo(0, axisY + 0.5); ctx.lineTo(w, axisY + 0.5); ctx.stroke();
    for (const t of ticks) {
      const px = Math.round(x(t)) + 0.5;
      const label = Number(t.toPrecision(12)).toLocaleString('en', { maximumFractionDigits: 3 });
      ctx.fillText(label, Math.min(Math.max(px, 14), w - 14), axisY + 5);
    }
    ctx.textAlign = 'right';
    ctx.fillText('µs', w - 2, axisY + 5 + 10);
    ctx.textAlign = 'left';
  }

  /** The interval under a point (lanes first, then the GPU's gaps), within 2 px either side. */
  function hit(px, py) {
    const p = placed.find(l => py >= l.body && py < l.bottom);
    const slack = 2 * (to - from) / width(), t = timeAt(px);
    if (p) {
      const list = p.byRow[Math.floor((py - p.body) / p.row)] || [];
      const found = list.filter(e => e.startUs - slack <= t && t <= e.startUs + e.durationUs + slack);
      if (found.length) return found.reduce((a, b) => (Math.abs(t - (a.startUs + a.durationUs / 2)) <= Math.abs(t - (b.startUs + b.durationUs / 2)) ? a : b));
    }
    if (py >= gpuTop && py < gpuBottom) return (timeline.gaps || []).find(g => g.startUs <= t && t <= g.startUs + g.durationUs) || null;
    return null;
  }

  function hover(e) {
    const r = canvas.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
    const found = hit(px, py);
    if (!found) { tip.hidden = true; return; }
    tip.replaceChildren(el('strong', { class: 'tip-name' }, found.category === 'gap' ? 'GPU idle' : found.name),
      el('br'), el('span', { class: 'tip-category' }, found.category), ' · ', el('span', { class: 'tip-duration' }, us(found.durationUs)),
      el('br'), el('span', { class: 'muted' }, `at ${us(found.startUs)}`));
    tip.hidden = false;
    const left = Math.min(Math.max(px + 12, 0), Math.max(width() - tip.offsetWidth, 0));
    tip.style.left = `${left}px`;
    const below = py + 14 + tip.offsetHeight <= height; // else above the pointer: the box clips what overflows it
    tip.style.top = `${below ? py + 14 : Math.max(py - tip.offsetHeight - 8, 0)}px`;
  }

  canvas.addEventListener('wheel', e => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 0.8 : 1.25, timeAt(e.clientX - r.left));
  }, { passive: false });
  canvas.addEventListener('pointerdown', e => {
    drag = { x: e.clientX, from, to };
    canvas.setPointerCapture(e.pointerId);
    tip.hidden = true;
  });
  canvas.addEventListener('pointermove', e => {
    if (!drag) { hover(e); return; }
    const shift = ((e.clientX - drag.x) / width()) * (drag.to - drag.from);
    show(drag.from - shift, drag.to - shift);
  });
  const stop = () => { drag = null; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  canvas.addEventListener('pointerleave', () => { if (!drag) tip.hidden = true; });
  canvas.addEventListener('keydown', e => {
    const pan = (to - from) * 0.2;
    const keys = { '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2), 0: () => show(0, duration),
      ArrowLeft: () => show(from - pan, to - pan), ArrowRight: () => show(from + pan, to + pan) };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  const resize = () => { if (!frame) frame = requestAnimationFrame(draw); };
  window.addEventListener('resize', resize);
  onLeave(() => { window.removeEventListener('resize', resize); cancelAnimationFrame(frame); });
  show(0, duration);
  return el('div', { class: 'timeline-view' }, controls, box, legend);
}
