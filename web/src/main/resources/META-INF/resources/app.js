// hostgap web UI: projects, commit-versus-commit compare, series history. Plain DOM, no build step.
const app = document.getElementById('app');

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
  const query = new URLSearchParams({ benchmark, metric });
  if (params) query.set('params', params);
  const s = await api(`/api/v1/projects/${encodeURIComponent(name)}/series?${query}`);
  app.replaceChildren(el('h1', {}, `${s.benchmark} v${s.version}`),
    el('p', {}, `${paramsText(s.params)} · ${s.metric} (${s.unit}, ${s.direction.replaceAll('_', ' ')}) on ${s.branch}`),
    chart(s.points, s.unit),
    el('table', { id: 'points' },
      el('tr', {}, ['commit', 'median', 'p10', 'p90', 'forks', 'environment'].map(h => el('th', {}, h))),
      s.points.slice().reverse().map(p => el('tr', {}, el('td', {}, el('code', {}, short(p.sha))),
        el('td', { class: 'num' }, num(p.median)), el('td', { class: 'num' }, num(p.p10)), el('td', { class: 'num' }, num(p.p90)),
        el('td', { class: 'num' }, p.n), el('td', {}, p.environment)))));
}

/** Medians as a line, the p10-p90 band behind it; one x step per measured commit. */
function chart(points, unit) {
  const ns = 'http://www.w3.org/2000/svg', w = 900, h = 260, pad = 50;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart'); svg.setAttribute('width', w); svg.setAttribute('height', h);
  if (points.length === 0) return svg;
  const lo = Math.min(...points.map(p => p.p10)), hi = Math.max(...points.map(p => p.p90));
  const x = i => pad + (points.length === 1 ? (w - 2 * pad) / 2 : i * (w - 2 * pad) / (points.length - 1));
  const y = v => h - pad - (hi === lo ? 0.5 : (v - lo) / (hi - lo)) * (h - 2 * pad);
  const path = (d, attrs) => { const p = document.createElementNS(ns, 'path'); p.setAttribute('d', d);
    for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v); svg.append(p); };
  const band = points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p.p90)}`).join('')
    + points.slice().reverse().map((p, j) => `L${x(points.length - 1 - j)},${y(p.p10)}`).join('') + 'Z';
  path(band, { fill: '#cfe0f5', stroke: 'none' });
  path(points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p.median)}`).join(''), { fill: 'none', stroke: '#1f5fa8', 'stroke-width': 2 });
  for (const [v, label] of [[hi, hi], [lo, lo]]) {
    const t = document.createElementNS(ns, 'text'); t.setAttribute('x', 4); t.setAttribute('y', y(v) + 4);
    t.setAttribute('font-size', 11); t.textContent = `${Number(label).toPrecision(4)} ${unit}`; svg.append(t);
  }
  return svg;
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
