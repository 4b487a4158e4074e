// A series' history along a branch: every version of the workload joined into one history, the
// benchmark's other parameter sets overlaid on request (?with=args=16, so the view stays shareable),
// and where the workload version or the environment class changes, a marker. chart.js draws it.
import { api, render, el, enc, short, num, pct, paramsText, scroll, commitLink, changeLink } from './core.js';
import { seriesChart, changeLabel } from './chart.js';

const pairs = p => Object.keys(p || {}).sort().map(k => [k, p[k]]);
const key = p => pairs(p).map(([k, v]) => `${k}=${v}`).join(',');
const parse = text => Object.fromEntries(text.split(',').filter(s => s.includes('=')).map(s => [s.slice(0, s.indexOf('=')).trim(), s.slice(s.indexOf('=') + 1).trim()]));
const label = p => paramsText(p) || '(no params)';
const byNumbers = (a, b) => a.localeCompare(b, 'en', { numeric: true });
// readable in the address bar: '=' and ',' stay as they are
const part = v => enc(v).replaceAll('%3D', '=').replaceAll('%2C', ',');

export async function seriesPage(name, benchmark, metric, params, query = new URLSearchParams()) {
  const project = enc(name);
  const first = new URLSearchParams({ benchmark, metric });
  if (params) first.set('params', params);
  const s = await api(`/api/v1/projects/${project}/series?${first}`);
  const [choices, commits, flaggedAll, projectList] = await Promise.all([
    api(`/api/v1/projects/${project}/series-choices?benchmark=${enc(s.benchmark)}`),
    api(`/api/v1/projects/${project}/commits?branch=${enc(s.branch)}&limit=1000`),
    api(`/api/v1/projects/${project}/regressions?kind=all&benchmark=${enc(s.benchmark)}&limit=1000`),
    api('/api/v1/projects').catch(() => [])]);
  const repo = repoCommitBase(projectList.find(x => x.name === name)?.repoUrl);
  // one y axis: the same metric in the same unit (a version may change the unit)
  const comparable = choices.filter(c => c.metric === s.metric && c.unit === s.unit);
  const paramSets = new Map([[key(s.params), s.params], ...comparable.map(c => [c.paramsKey, c.params])]);
  const mainKey = key(s.params);
  const wanted = new Set(query.getAll('with').map(w => key(parse(w))));
  const keys = [mainKey, ...[...paramSets.keys()].sort(byNumbers).filter(k => k !== mainKey && wanted.has(k))];
  const versionsOf = k => [...new Set([...comparable.filter(c => c.paramsKey === k).map(c => c.version),
    ...(k === mainKey ? [s.version] : [])])].sort((a, b) => a - b);
  const load = (k, version) => k === mainKey && version === s.version ? s : api(`/api/v1/projects/${project}/series?${
    new URLSearchParams({ benchmark: s.benchmark, metric: s.metric, params: k, version, branch: s.branch })}`);
  const lines = await Promise.all(keys.map(async k => ({ key: k, params: paramSets.get(k), versions: versionsOf(k),
    ...await Promise.all(versionsOf(k).map(v => load(k, v))).then(xs => ({
      points: xs.flatMap(x => x.points.map(p => ({ ...p, version: x.version }))),
      failures: xs.flatMap(x => (x.failures || []).map(f => ({ ...f, version: x.version }))),
      noise: xs.map(x => x.noise).filter(Boolean).at(-1) })) })));

  const order = new Map(commits.map((c, i) => [c.sha, commits.length - i]));
  const shas = [...new Set([...lines.flatMap(l => l.points.map(p => p.sha)), ...lines[0].failures.map(f => f.sha)])].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const index = new Map(shas.map((sha, i) => [sha, i]));
  lines.forEach(l => l.points.sort((a, b) => index.get(a.sha) - index.get(b.sha)));
  const overlaid = lines.length > 1;
  const flagged = flaggedAll.filter(r => r.benchmark === s.benchmark && r.metric === s.metric
    && lines.some(l => l.key === key(r.params) && l.versions.includes(r.version)));
  const changes = changesAlong(lines, index, overlaid);
  const hash = withKeys => `#/p/${project}/series/${enc(s.benchmark)}/${enc(s.metric)}/${part(mainKey)}`
    + (withKeys.length ? '?' + withKeys.map(k => `with=${part(k)}`).join('&') : '');

  const container = el('div', { id: 'series-chart', class: overlaid ? 'chart overlaid' : 'chart' });
  const mainVersions = lines[0].versions;
  render(
    el('p', { class: 'back' }, el('a', { id: 'back', href: `#/p/${project}` }, `← ${name}`)),
    el('h1', {}, `${s.benchmark} v${mainVersions.join(', v')}`),
    el('p', {}, `${overlaid ? keys.map(k => label(paramSets.get(k))).join(' · ') : paramsText(s.params)} · ${s.metric} (${s.unit}, ${
      s.direction.replaceAll('_', ' ')}) on ${s.branch}`),
    paramSets.size < 2 ? null : el('fieldset', { id: 'overlay', class: 'overlay' }, el('legend', {}, 'Parameters on the chart'),
      [...paramSets.keys()].sort(byNumbers).map(k => el('label', {}, el('input', { type: 'checkbox', value: k,
        checked: keys.includes(k), disabled: k === mainKey,
        onchange: e => { location.hash = hash(keys.slice(1).filter(x => x !== k).concat(e.target.checked ? [k] : [])); } }),
      ` ${label(paramSets.get(k))}`))),
    shas.length === 0 ? el('p', {}, 'No measured commits on this branch yet.') : container,
    changes.length === 0 ? null : el('ul', { id: 'changes', class: 'changes' }, changes.map(c => el('li', { 'data-kind': c.kind, 'data-sha': c.sha },
      `${c.kind} change at `, el('code', {}, short(c.sha)), `: ${c.text}`))),
    flagged.length === 0 ? null : el('ul', { id: 'flagged', class: 'flagged' }, flagged.map(r => el('li', {},
      el('span', { class: `verdict ${r.kind}` }, r.kind), ` ${pct(r.changePercent)} at `, el('code', {}, short(r.firstBadCommit)),
      ` (${r.status.replaceAll('_', ' ')})${overlaid || mainVersions.length > 1 ? ` ${label(r.params)} v${r.version}` : ''} `,
      el('a', { href: `#/p/${project}/regressions/${r.id}` }, 'triage'),
      r.note ? el('div', { class: 'note' }, `✎ ${r.note}`) : null))),
    lines[0].failures.length === 0 ? null : el('ul', { id: 'failures', class: 'failures' }, lines[0].failures.map(f => el('li', { 'data-sha': f.sha },
      'workload failed at ', el('code', {}, short(f.sha)), ` (v${f.version}, ${f.machine}): ${f.error} `, el('a', { href: `#/runs/${f.runId}` }, 'run')))),
    scroll(el('table', { id: 'points', class: 'data' },
      el('tr', {}, [overlaid ? 'params' : null, 'commit', 'version', 'median', 'p10', 'p90', 'forks', 'environment'].filter(Boolean).map(h => el('th', {}, h))),
      lines.flatMap(l => l.points.map(p => ({ l, p }))).sort((a, b) => index.get(b.p.sha) - index.get(a.p.sha)).map(({ l, p }) => el('tr', {},
        overlaid ? el('td', {}, label(l.params)) : null, el('td', {}, el('code', {}, short(p.sha))), el('td', { class: 'num' }, `v${p.version}`),
        el('td', { class: 'num' }, num(p.median)), el('td', { class: 'num' }, num(p.p10)), el('td', { class: 'num' }, num(p.p90)),
        el('td', { class: 'num' }, p.n), el('td', { class: 'env' }, p.environment))))));
  if (shas.length > 0) {
    const mainChanges = flagged.filter(r => key(r.params) === mainKey && !QUIET.includes(r.status));
    const levels = mainChanges.map(r => ({ sha: r.firstBadCommit, base: r.baseLevel, head: r.headLevel, kind: r.kind,
      label: changeLabel(r.changePercent, r.thresholdPercent) }));
    const measured = shas.filter(sha => lines[0].points.some(p => p.sha === sha));
    const pick = sha => {
      const point = lines[0].points.filter(p => p.sha === sha).at(-1), failure = lines[0].failures.find(f => f.sha === sha);
      const before = measured.filter(x => index.get(x) < index.get(sha)).at(-1);
      const change = mainChanges.find(r => r.firstBadCommit === sha);
      const link = (id, href, text) => el('li', {}, el('a', { id, href }, text));
      return [el('ul', { class: 'links' },
        point?.runId || failure ? link('pick-run', `#/runs/${(point?.runId ? point : failure).runId}`, 'the run') : null,
        before ? link('pick-compare', `#/p/${project}/compare?base=${before}&head=${sha}`, `compare with ${short(before)}`) : null,
        link('pick-commit', commitLink(name, sha), 'the commit'),
        repo ? el('li', {}, el('a', { id: 'pick-repo', href: `${repo}/commit/${sha}`, rel: 'noopener', target: '_blank' }, 'the commit in the repository')) : null,
        change ? link('pick-triage', changeLink(name, change.id), `triage the ${change.kind} ${changeLabel(change.changePercent, change.thresholdPercent)}`) : null)];
    };
    seriesChart(container, { shas, unit: s.unit, lines: lanes(lines, overlaid), flagged, changes, overlaid,
      versioned: lines.some(l => l.versions.length > 1), commits: new Map(commits.map(c => [c.sha, c])),
      threshold: (s.noise ?? lines[0].noise)?.thresholdPercent ?? null, levels, machines: !overlaid, failures: lines[0].failures.map(f => f.sha), pick });
  }
}

/** Changes whose step is not (or no longer) believed: no level lines for them. */
const QUIET = ['dismissed', 'false_positive', 'unconfirmed'];

/** "https://github.com/acme/x" for a GitHub or GitLab https repository URL (its .git dropped), else null. */
function repoCommitBase(url) {
  const m = /^(https:\/\/(?:www\.)?(?:github\.com|gitlab\.com)\/[^?#]+?)(?:\.git)?\/?$/.exec(url || '');
  return m ? m[1] : null;
}

/**
 * One chart line per parameter set, across its versions and environment classes; a parameter set
 * measured in several environment classes at one commit gets a line per class instead (as before).
 * Where one commit was measured at two versions, the line shows the newer one (both are in the table).
 */
function lanes(lines, overlaid) {
  return lines.flatMap(l => {
    const name = overlaid ? label(l.params) : 'median';
    const classes = new Map();
    l.points.forEach(p => classes.set(p.sha, new Set([...(classes.get(p.sha) || []), p.environment])));
    const concurrent = [...classes.values()].some(c => c.size > 1);
    const groups = concurrent ? [...new Set(l.points.map(p => p.environment))].map(env => [` · ${env}`, l.points.filter(p => p.environment === env)])
      : [['', l.points]];
    return groups.map(([suffix, points]) => ({ label: name + suffix, params: l.params, at: new Map(points.map(p => [p.sha, p])) }));
  });
}

/**
 * Where a parameter set's history changes: the first commit of each new workload version, and where
 * consecutive measured commits differ in environment class. One marker per change, naming the lines.
 */
function changesAlong(lines, index, overlaid) {
  const found = new Map();
  const add = (kind, sha, text, line) => {
    const id = `${kind} ${sha} ${text}`;
    if (!found.has(id)) found.set(id, { kind, sha, index: index.get(sha), text, params: [] });
    found.get(id).params.push(label(line.params));
  };
  for (const l of lines) {
    const bySha = new Map();
    l.points.forEach(p => bySha.set(p.sha, [...(bySha.get(p.sha) || []), p]));
    const seen = new Set();
    let environment = null;
    for (const [sha, points] of bySha) {
      const newest = Math.max(...seen);
      for (const v of [...new Set(points.map(p => p.version))].sort((a, b) => a - b)) {
        if (seen.size > 0 && !seen.has(v)) add('version', sha, `v${newest} → v${v}`, l);
        seen.add(v);
      }
      const now = [...new Set(points.map(p => p.environment))].sort().join(' + ');
      if (environment !== null && environment !== now) add('environment', sha, difference(environment, now), l);
      environment = now;
    }
  }
  return [...found.values()].sort((a, b) => a.index - b.index || b.kind.localeCompare(a.kind))
    .map(c => ({ ...c, text: overlaid ? `${c.text} (${c.params.join('; ')})` : c.text }));
}

/** "NVIDIA H100 80GB HBM3 → NVIDIA H200": only the parts of an environment class that changed. */
function difference(from, to) {
  const a = from.split(' | '), b = to.split(' | ');
  if (a.length !== b.length || from.includes(' + ') || to.includes(' + ')) return `${from} → ${to}`;
  const changed = a.map((x, i) => [x, b[i]]).filter(([x, y]) => x !== y);
  return `${changed.map(([x]) => x).join(', ')} → ${changed.map(([, y]) => y).join(', ')}`;
}
