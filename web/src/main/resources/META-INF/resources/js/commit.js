// One commit's answer (GET …/commits/{sha}/verdict), the page a CI status links to: the status's own
// line, the changes dated to the commit, the regressions it sits on, and for a pull request the
// comparison it was judged by. While the answer is pending the page asks again every few seconds.
import { api, render, el, enc, short, firstLine, time, commitBadge, commitLink, verdictCounts, onLeave } from './core.js';
import { changesTable } from './changes.js';
import { traceCompareLink } from './tracecompare.js';

const SHA = /^[0-9a-f]{40}$/;
const POLL_MS = 10_000;

export async function commitPage(name, sha) {
  sha = (sha || '').toLowerCase();
  if (!SHA.test(sha)) throw new Error(`'${sha}' is not a commit sha (40 hex characters, as in the commit's CI status link).`);
  const p = enc(name);
  const [v, runs, traces] = await Promise.all([
    api(`/api/v1/projects/${p}/commits/${sha}/verdict`),
    api(`/api/v1/projects/${p}/runs?limit=200`).then(list => list.filter(r => r.sha === sha)).catch(() => []),
    api(`/api/v1/projects/${p}/commits/${sha}/traces`).catch(() => [])]);
  const branch = runs.find(r => r.branch && !r.branch.startsWith('pull-request:'))?.branch;
  const commits = branch ? await api(`/api/v1/projects/${p}/commits?branch=${enc(branch)}&limit=200`).catch(() => []) : [];
  const commit = commits.find(c => c.sha === sha);
  const parent = commit?.parents?.[0];
  const message = commit?.message || runs.find(r => r.subject)?.subject;

  render(el('p', { class: 'back' }, el('a', { href: `#/p/${p}` }, `← ${name}`)),
    el('h1', {}, `Commit ${short(sha)}`, message ? el('span', { class: 'muted subject' }, ` ${firstLine(message)}`) : null),
    el('p', { class: 'muted' }, el('code', { id: 'commit-sha' }, sha), branch ? ` on ${branch}` : null,
      commit?.timestamp ? ` · ${time(commit.timestamp)}` : null),
    answer(name, v, parent),
    v.state !== 'judged' ? null : [
      el('h2', {}, `Changes dated to this commit (${v.changes.length})`),
      v.changes.length === 0
        ? el('p', { id: 'no-changes', class: 'muted' }, v.pullRequest
          ? 'A pull request\'s head is judged against its base: the comparison above holds its series.'
          : 'None: detection dated no regression or improvement to this commit.')
        : changesTable(name, v.changes, { id: 'changes', kind: true, counted: true }),
      v.pullRequest ? null : [
        el('h2', {}, `Sits on (${v.openChanges.length})`),
        v.openChanges.length === 0
          ? el('p', { id: 'sits-on-nothing', class: 'muted' }, 'No regression that began at an earlier commit is still present here.')
          : [el('p', { class: 'muted' }, 'Regressions that began at an earlier commit and are still present (suspected, open or acknowledged): '
              + 'this commit did not cause them, so they do not make it red.'),
            changesTable(name, v.openChanges, { id: 'open-changes', firstBad: true })]]],
    traces.length === 0 ? null : [el('h2', {}, `Profiler traces of this commit (${traces.length})`),
      el('ul', { id: 'commit-traces' }, traces.map(t => el('li', {}, el('a', { href: `#/trace/${t.runId}` }, t.name),
        ` ${t.format} · ${time(t.uploadedAt)}`, parent ? [' · ', el('a', { href: traceCompareLink(name, parent, sha, t.name) }, 'against the parent')] : null)))],
    runs.length === 0 ? null : [el('h2', {}, `Runs of this commit (${runs.length})`),
      el('ul', { id: 'commit-runs' }, runs.map(r => el('li', {}, el('a', { href: `#/runs/${r.runId}` }, time(r.uploadedAt)),
        ` ${r.gpu || ''} on ${r.host || '–'}`, r.judgedAt ? '' : el('span', { class: 'muted' }, ' (not judged yet)'))))]);

  if (v.state === 'pending') pollWhilePending(name, sha, v);
}

/** The answer as its CI status gives it: the badge, the status's exact line, the counts and, until judged, why not. */
function answer(name, v, parent) {
  const p = enc(name);
  const pr = v.pullRequest;
  return el('section', { id: 'verdict', class: `answer ${v.state === 'judged' ? v.verdict : `state-${v.state}`}`, 'data-state': v.state },
    el('p', { class: 'headline' }, commitBadge(v), ' ', el('span', { id: 'verdict-summary', class: 'summary' }, v.summary)),
    v.state === 'judged' ? el('p', { id: 'verdict-counts', class: 'muted' }, verdictCounts(v)) : null,
    v.reason ? el('p', { id: 'verdict-reason' }, el('strong', {}, 'Why: '), v.reason.replace(/\.$/, ''), '. ', v.state === 'pending'
      ? el('span', { class: 'muted' }, 'This page checks again every few seconds.')
      : el('span', { class: 'muted' }, 'A failed job can be run again from ', el('a', { href: `#/p/${p}/jobs` }, 'the CI jobs'), '.')) : null,
    pr ? el('p', { id: 'pull-request' }, `Pull request #${pr.number}: its head is judged against its base `,
      pr.baseSha ? [el('code', {}, short(pr.baseSha)), ' — ',
        el('a', { id: 'pull-request-compare', href: compareOf(p, pr, v) }, 'compare base → head')]
        : 'once the base is known') : null,
    !pr && parent ? el('p', {}, el('a', { id: 'compare-parent', href: `#/p/${p}/compare?base=${parent}&head=${v.sha}` },
      `Compare with its parent ${short(parent)}`), ' · ', el('a', { href: commitLink(name, parent) }, 'parent\'s answer')) : null);
}

/** The comparison a pull request's answer was read from: the answer's own link (it says how the base was taken). */
function compareOf(p, pr, v) {
  const hash = (v.link || '').slice((v.link || '').indexOf('#'));
  return hash.includes('/compare?') ? hash : `#/p/${p}/compare?base=${pr.baseSha}&head=${v.sha}`;
}

function pollWhilePending(name, sha, shown) {
  let left = false;
  const timer = setTimeout(async () => {
    const now = await api(`/api/v1/projects/${enc(name)}/commits/${sha}/verdict`).catch(() => null);
    if (left) return;
    if (now && (now.state !== shown.state || now.summary !== shown.summary)) await commitPage(name, sha).catch(() => {});
    else pollWhilePending(name, sha, shown);
  }, POLL_MS);
  onLeave(() => { left = true; clearTimeout(timer); });
}
