// A series' history along a branch, charted by uPlot (a global from its webjar): median per
// commit over the forks' p10-p90 band, regression marks, hover details; the chart follows resizes.
import { api, render, el, enc, short, num, pct, paramsText, time, scroll, onLeave } from './core.js';

export async function seriesPage(name, benchmark, metric, params) {
  const project = enc(name);
  const query = new URLSearchParams({ benchmark, metric });
  if (params) query.set('params', params);
  const s = await api(`/api/v1/projects/${project}/series?${query}`);
  const [commits, changes] = await Promise.all([
    api(`/api/v1/projects/${project}/commits?branch=${enc(s.branch)}&limit=1000`),
    api(`/api/v1/projects/${project}/regressions?kind=all`)]);
  const key = p => Object.keys(p).sort().map(k => `${k}=${p[k]}`).join(',');
  const flagged = changes.filter(r => r.benchmark === s.benchmark && r.version === s.version && r.metric === s.metric
    && key(r.params) === key(s.params));
  const container = el('div', { id: 'series-chart', class: 'chart' });
  render(
    el('p', { class: 'back' }, el('a', { id: 'back', href: `#/p/${project}` }, `← ${name}`)),
    el('h1', {}, `${s.benchmark} v${s.version}`),
    el('p', {}, `${paramsText(s.params)} · ${s.metric} (${s.unit}, ${s.direction.replaceAll('_', ' ')}) on ${s.branch}`),
    s.points.length === 0 ? el('p', {}, 'No measured commits on this branch yet.') : container,
    flagged.length === 0 ? null : el('ul', { id: 'flagged', class: 'flagged' }, flagged.map(r => el('li', {},
      el('span', { class: `verdict ${r.kind}` }, r.kind), ` ${pct(r.changePercent)} at `, el('code', {}, short(r.firstBadCommit)),
      ` (${r.status.replaceAll('_', ' ')}) `, el('a', { href: `#/p/${project}/regressions/${r.id}` }, 'triage')))),
    scroll(el('table', { id: 'points', class: 'data' },
      el('tr', {}, ['commit', 'median', 'p10', 'p90', 'forks', 'environment'].map(h => el('th', {}, h))),
      s.points.slice().reverse().map(p => el('tr', {}, el('td', {}, el('code', {}, short(p.sha))),
        el('td', { class: 'num' }, num(p.median)), el('td', { class: 'num' }, num(p.p10)), el('td', { class: 'num' }, num(p.p90)),
        el('td', { class: 'num' }, p.n), el('td', { class: 'env' }, p.environment))))));
  if (s.points.length > 0) seriesChart(container, s, new Map(commits.map(c => [c.sha, c])), flagged);
}

// brighter lines and denser bands on a dark background (the page follows prefers-color-scheme)
const DARK = window.matchMedia('(prefers-color-scheme: dark)').matches;
const COLORS = DARK ? ['#6cb2ff', '#ff9a5c', '#5fd38a', '#c493ff'] : ['#1f5fa8', '#c2571a', '#2e8540', '#7b3fa0'];
const BANDS = DARK ? ['rgba(108,178,255,.25)', 'rgba(255,154,92,.25)', 'rgba(95,211,138,.25)', 'rgba(196,147,255,.25)']
  : ['rgba(31,95,168,.18)', 'rgba(194,87,26,.18)', 'rgba(46,133,64,.18)', 'rgba(123,63,160,.18)'];

/**
 * uPlot chart of a series: x is the index of a measured commit along the branch (oldest first), per
 * environment class a median line over the forks' p10–p90 band; first bad commits of regressions
 * (red) and improvements (green) are marked. Drag to zoom, double-click to reset.
 */
function seriesChart(container, s, commits, flagged) {
  const shas = [...new Set(s.points.map(p => p.sha))];
  const envs = [...new Set(s.points.map(p => p.environment))];
  const at = new Map(s.points.map(p => [`${p.sha} ${p.environment}`, p]));
  const marks = flagged.map(r => ({ ...r, index: shas.indexOf(r.firstBadCommit) })).filter(r => r.index >= 0);
  const value = (u, v) => v == null ? '–' : `${num(v)} ${s.unit}`;
  const data = [shas.map((_, i) => i)];
  const series = [{ label: 'commit', value: (u, v) => v == null ? '–' : short(shas[v]) }];
  const bands = [];
  envs.forEach((env, k) => {
    const suffix = envs.length > 1 ? ` · ${env}` : '';
    const field = f => shas.map(sha => at.get(`${sha} ${env}`)?.[f] ?? null);
    data.push(field('median'), field('p10'), field('p90'));
    const color = COLORS[k % COLORS.length];
    series.push({ label: `median${suffix}`, stroke: color, width: 2, value, points: { show: true, size: 7 } },
      { label: `p10${suffix}`, stroke: BANDS[k % BANDS.length], width: 1, value, points: { show: false } },
      { label: `p90${suffix}`, stroke: BANDS[k % BANDS.length], width: 1, value, points: { show: false } });
    bands.push({ series: [3 * k + 3, 3 * k + 2], fill: BANDS[k % BANDS.length] });
  });
  container.dataset.points = String(shas.length);
  container.dataset.marks = String(new Set(marks.map(m => m.index)).size);

  const tip = el('div', { class: 'chart-tip' });
  tip.hidden = true;
  const showTip = u => {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left < 0) { tip.hidden = true; return; }
    const commit = commits.get(shas[i]);
    tip.replaceChildren(
      el('div', {}, el('code', {}, short(shas[i])), ' ', commit?.timestamp ? time(commit.timestamp) : ''),
      el('div', { class: 'message' }, (commit?.message || '').split('\n')[0]),
      ...envs.map(env => { const p = at.get(`${shas[i]} ${env}`);
        return p ? el('div', {}, `${envs.length > 1 ? env + ': ' : ''}median ${num(p.median)} ${s.unit}, p10–p90 ${num(p.p10)}–${num(p.p90)}, ${p.n} forks`) : ''; }),
      ...marks.filter(m => m.index === i).map(m => el('div', { class: m.kind },
        `${m.kind} ${pct(m.changePercent)} (${m.status.replaceAll('_', ' ')}${envs.length > 1 ? ', ' + m.environment : ''})`)));
    tip.hidden = false;
    const left = u.valToPos(i, 'x');
    const right = left + 12 + tip.offsetWidth <= u.over.clientWidth; // beside the point, flipped at the edge
    tip.style.left = `${Math.max(right ? left + 12 : left - 12 - tip.offsetWidth, 0)}px`;
    tip.style.top = `${Math.max(u.cursor.top - tip.offsetHeight - 12, 0)}px`;
  };
  const style = getComputedStyle(document.body), css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const ink = css('--fg', '#1d2430'), grid = css('--line', '#e3e6ea'), bad = css('--bad', '#b00020'), good = css('--good', '#1b7f3a');
  const drawMarks = u => {
    const { ctx } = u, { top, height } = u.bbox, r = devicePixelRatio || 1;
    ctx.save();
    for (const m of marks) {
      const x = Math.round(u.valToPos(m.index, 'x', true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.strokeStyle = ctx.fillStyle = m.kind === 'improvement' ? good : bad;
      ctx.lineWidth = r; ctx.setLineDash([4 * r, 3 * r]);
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
      { label: s.unit, size: 70, stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, values: (u, splits) => splits.map(v => num(v)) }],
    series, bands,
    hooks: { draw: [drawMarks], setCursor: [showTip] },
  }, data, container);
  plot.over.append(tip);
  const resize = () => plot.setSize({ width: Math.max(container.clientWidth, 280), height: 320 });
  window.addEventListener('resize', resize);
  onLeave(() => { window.removeEventListener('resize', resize); plot.destroy(); });
  return plot;
}

