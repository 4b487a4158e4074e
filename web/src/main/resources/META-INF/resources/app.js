// hostgap web UI: projects, commit-versus-commit compare, series history (charted by uPlot). Plain DOM, no build step.
const app = document.getElementById('app');

// uncaught errors, failed loads and policy violations, counted for the browser test
window.hostgapErrors = 0;
window.addEventListener('error', () => { window.hostgapErrors++; }, true);
window.addEventListener('unhandledrejection', () => { window.hostgapErrors++; });
document.addEventListener('securitypolicyviolation', () => { window.hostgapErrors++; });

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return node;
}

const short = sha => sha.slice(0, 10);
const num = v => (v === null || v === undefined) ? '–' : Number(v).toPrecision(4);
const pct = v => (v === null || v === undefined) ? '–' : (v > 0 ? '+' : '') + v.toFixed(2) + '%';
const paramsText = p => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ');

async function projectsPage() {
  const projects = await api('/api/v1/projects');
  app.replaceChildren(el('h1', {}, 'Projects'),
    projects.length === 0
      ? el('p', {}, 'No projects yet. Create one with POST /api/v1/projects (see the README).')
      : el('table', { id: 'projects' },
          el('tr', {}, el('th', {}, 'name'), el('th', {}, 'repository'), el('th', {}, 'default branch')),
          projects.map(p => el('tr', {},
            el('td', {}, el('a', { href: `#/p/${encodeURIComponent(p.name)}` }, p.name)),
            el('td', {}, p.repoUrl), el('td', {}, p.defaultBranch)))));
}

async function projectPage(name, base, head) {
  const commits = await api(`/api/v1/projects/${encodeURIComponent(name)}/commits?limit=200`);
  if (commits.length < 1) { app.replaceChildren(el('h1', {}, name), el('p', {}, 'No runs uploaded yet.')); return; }
  head = head || commits[0].sha;
  base = base || (commits[1] || commits[0]).sha;
  const pick = (id, selected) => el('select', { id },
    commits.map(c => { const o = el('option', { value: c.sha }, `${short(c.sha)} ${c.message || ''}`); o.selected = c.sha === selected; return o; }));
  const baseSelect = pick('base', base), headSelect = pick('head', head);
  const go = () => { location.hash = `#/p/${encodeURIComponent(name)}/compare/${baseSelect.value}/${headSelect.value}`; };
  baseSelect.addEventListener('change', go);
  headSelect.addEventListener('change', go);
  const report = await api(`/api/v1/projects/${encodeURIComponent(name)}/compare?base=${base}&head=${head}`);
  const open = await api(`/api/v1/projects/${encodeURIComponent(name)}/regressions?status=open`);
  const count = v => report.rows.filter(r => r.verdict === v).length;
  const seriesLink = r => `#/p/${encodeURIComponent(name)}/series/${encodeURIComponent(r.benchmark)}/${encodeURIComponent(r.metric)}/${encodeURIComponent(paramsText(r.params).replaceAll(', ', ','))}`;
  app.replaceChildren(
    el('h1', {}, name),
    el('h2', {}, `Open regressions (${open.length})`),
    open.length === 0 ? el('p', { id: 'no-regressions' }, 'None: every judged series is at its baseline level.')
      : el('table', { id: 'regressions' },
          el('tr', {}, ['benchmark', 'params', 'metric', 'change', 'first bad', 'last good', 'since'].map(h => el('th', {}, h))),
          open.map(r => el('tr', { class: 'regression' },
            el('td', {}, el('a', { href: seriesLink(r) }, `${r.benchmark} v${r.version}`)),
            el('td', {}, paramsText(r.params)), el('td', {}, r.metric),
            el('td', { class: 'num' }, pct(r.changePercent)),
            el('td', {}, el('code', {}, short(r.firstBadCommit))),
            el('td', {}, r.lastGoodCommit ? el('code', {}, short(r.lastGoodCommit)) : '–'),
            el('td', {}, new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' '))))),
    el('h2', {}, 'Compare'),
    el('div', { class: 'controls' }, el('label', {}, 'base ', baseSelect), el('label', {}, 'head ', headSelect)),
    el('p', { id: 'summary' }, `${count('regression')} regressions, ${count('improvement')} improvements, `
      + `${count('unchanged')} unchanged, ${count('insufficient_history')} insufficient history, `
      + `${count('insufficient_data')} insufficient data`),
    el('table', { id: 'compare' },
      el('tr', {}, ['verdict', 'benchmark', 'params', 'metric', 'base', 'head', 'change', '95% CI', 'threshold', 'run noise', 'runs'].map(h => el('th', {}, h))),
      report.rows.map(r => el('tr', { class: r.verdict },
        el('td', { class: 'verdict' }, r.verdict.replaceAll('_', ' ')),
        el('td', {}, el('a', { href: seriesLink(r) }, `${r.benchmark} v${r.version}`)),
        el('td', {}, paramsText(r.params)), el('td', {}, r.metric),
        el('td', { class: 'num' }, `${num(r.baseMedian)} ${r.unit}`), el('td', { class: 'num' }, `${num(r.headMedian)} ${r.unit}`),
        el('td', { class: 'num' }, pct(r.changePercent)),
        el('td', { class: 'num' }, r.ciLowPercent == null ? '–' : `[${pct(r.ciLowPercent)}, ${pct(r.ciHighPercent)}]`),
        el('td', { class: 'num' }, r.thresholdPercent == null ? '–' : `±${r.thresholdPercent.toFixed(2)}%`),
        el('td', { class: 'num' }, r.noisePercent == null ? '–' : `${r.noisePercent.toFixed(2)}%`),
        el('td', { class: 'num' }, `${r.baseRuns} → ${r.headRuns}`)))));
}

async function seriesPage(name, benchmark, metric, params) {
  const project = encodeURIComponent(name);
  const query = new URLSearchParams({ benchmark, metric });
  if (params) query.set('params', params);
  const s = await api(`/api/v1/projects/${project}/series?${query}`);
  const [commits, changes] = await Promise.all([
    api(`/api/v1/projects/${project}/commits?branch=${encodeURIComponent(s.branch)}&limit=1000`),
    api(`/api/v1/projects/${project}/regressions?kind=all`)]);
  const key = p => Object.keys(p).sort().map(k => `${k}=${p[k]}`).join(',');
  const flagged = changes.filter(r => r.benchmark === s.benchmark && r.version === s.version && r.metric === s.metric
    && key(r.params) === key(s.params));
  const container = el('div', { id: 'series-chart', class: 'chart' });
  app.replaceChildren(
    el('p', { class: 'back' }, el('a', { id: 'back', href: `#/p/${project}` }, `← ${name}`)),
    el('h1', {}, `${s.benchmark} v${s.version}`),
    el('p', {}, `${paramsText(s.params)} · ${s.metric} (${s.unit}, ${s.direction.replaceAll('_', ' ')}) on ${s.branch}`),
    s.points.length === 0 ? el('p', {}, 'No measured commits on this branch yet.') : container,
    el('table', { id: 'points' },
      el('tr', {}, ['commit', 'median', 'p10', 'p90', 'forks', 'environment'].map(h => el('th', {}, h))),
      s.points.slice().reverse().map(p => el('tr', {}, el('td', {}, el('code', {}, short(p.sha))),
        el('td', { class: 'num' }, num(p.median)), el('td', { class: 'num' }, num(p.p10)), el('td', { class: 'num' }, num(p.p90)),
        el('td', { class: 'num' }, p.n), el('td', {}, p.environment)))));
  if (s.points.length > 0) seriesChart(container, s, new Map(commits.map(c => [c.sha, c])), flagged);
}

const COLORS = ['#1f5fa8', '#c2571a', '#2e8540', '#7b3fa0'];
const BANDS = ['rgba(31,95,168,.18)', 'rgba(194,87,26,.18)', 'rgba(46,133,64,.18)', 'rgba(123,63,160,.18)'];

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
      el('div', {}, el('code', {}, short(shas[i])), ' ', commit?.timestamp ? new Date(commit.timestamp).toISOString().slice(0, 16).replace('T', ' ') : ''),
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
  const drawMarks = u => {
    const { ctx } = u, { top, height } = u.bbox, r = devicePixelRatio || 1;
    ctx.save();
    for (const m of marks) {
      const x = Math.round(u.valToPos(m.index, 'x', true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.strokeStyle = ctx.fillStyle = m.kind === 'improvement' ? '#1b7f3a' : '#b00020';
      ctx.lineWidth = r; ctx.setLineDash([4 * r, 3 * r]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath(); ctx.moveTo(x - 6 * r, top); ctx.lineTo(x + 6 * r, top); ctx.lineTo(x, top + 9 * r); ctx.closePath(); ctx.fill();
    }
    ctx.restore();
  };
  const plot = new uPlot({
    width: Math.max(container.clientWidth, 400), height: 320,
    scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] } },
    axes: [
      { label: 'commit', space: 70, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        values: (u, splits) => splits.map(v => Number.isInteger(v) && shas[v] ? short(shas[v]).slice(0, 7) : '') },
      { label: s.unit, size: 70, values: (u, splits) => splits.map(v => num(v)) }],
    series, bands,
    hooks: { draw: [drawMarks], setCursor: [showTip] },
  }, data, container);
  plot.over.append(tip);
  return plot;
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'p' && parts[2] === 'series') await seriesPage(parts[1], parts[3], parts[4], parts[5]);
    else if (parts[0] === 'p' && parts[2] === 'compare') await projectPage(parts[1], parts[3], parts[4]);
    else if (parts[0] === 'p') await projectPage(parts[1]);
    else await projectsPage();
  } catch (e) {
    app.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

window.addEventListener('hashchange', route);
route();
