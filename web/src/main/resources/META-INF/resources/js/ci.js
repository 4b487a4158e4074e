// CI as people see it: the registered runners (an admin read) and a project's job queue.
import { api, render, el, enc, short, time, ago, errorBox, tokenPanel, token, scroll } from './core.js';

const STALE_SECONDS = 120;

export async function runnersPage() {
  const header = [el('h1', {}, 'Runners'), el('p', { class: 'muted' }, 'GPU nodes that lease jobs from the queue (docs/ci.md). Listing them needs an admin token.')];
  if (!token.get()) {
    render(...header, tokenPanel('No token kept: enter an admin token to see the runners.', runnersPage));
    return;
  }
  const runners = await api('/api/v1/runners', { auth: true }).catch(e => e);
  const panel = tokenPanel('', runnersPage);
  if (runners instanceof Error) { render(...header, panel, errorBox(runners, 'the runners')); return; }
  render(...header, panel,
    runners.length === 0
      ? el('div', { class: 'empty-state', id: 'no-runners' }, el('p', {}, 'No runners registered yet. Register one (its token is shown once):'),
          el('pre', {}, `curl -X POST ${location.origin}/api/v1/runners -H "Authorization: Bearer $HOSTGAP_TOKEN" -H 'Content-Type: application/json' -d '{"name":"node-7","labels":["h200"]}'`))
      : scroll(el('table', { id: 'runners', class: 'data' },
          el('thead', {}, el('tr', {}, ['name', 'labels', 'state', 'last heartbeat', 'current job', 'registered'].map(h => el('th', {}, h)))),
          el('tbody', {}, runners.map(r => el('tr', { 'data-state': state(r) },
            el('td', {}, r.name), el('td', {}, (r.labels || []).join(', ') || '–'),
            el('td', {}, el('span', { class: `state ${state(r)}` }, state(r))),
            el('td', { title: r.lastHeartbeatAt ? time(r.lastHeartbeatAt) : '' }, ago(r.lastHeartbeatAt)),
            el('td', {}, r.currentJob == null ? '–' : `job ${r.currentJob}`),
            el('td', { class: 'nowrap' }, time(r.createdAt))))))));
}

/** revoked, busy (leasing a job), idle (seen in the last two minutes), offline, or never seen. */
function state(r) {
  if (r.revokedAt) return 'revoked';
  if (r.currentJob != null) return 'busy';
  if (!r.lastHeartbeatAt) return 'never seen';
  return (Date.now() - new Date(r.lastHeartbeatAt).getTime()) / 1000 <= STALE_SECONDS ? 'idle' : 'offline';
}

/**
 * Runs a failed or cancelled job again (POST …/jobs/{id}/rerun): its commit's status goes back to
 * pending, then to the new answer. Needs the kept token (admin or the project's upload token).
 */
function rerunButton(name, job) {
  const outcome = el('span', { class: 'rerun-outcome' });
  const button = el('button', { type: 'button', class: 'link rerun', 'data-job': job.id, onclick: async () => {
    if (!token.get()) { outcome.replaceChildren(el('span', { class: 'error' }, ' enter an admin or upload token first')); return; }
    try {
      await api(`/api/v1/projects/${enc(name)}/jobs/${job.id}/rerun`, { method: 'POST' });
      await jobsPage(name);
    } catch (e) {
      outcome.replaceChildren(el('span', { class: 'error' }, ` ${e.detail || e.message}`));
    }
  } }, 'run again');
  return el('span', {}, ' ', button, outcome);
}

/**
 * Approves the head of a fork's pull request (POST …/pull-requests/{n}/approvals with its sha): its
 * waiting jobs are queued. The maintainer approves the sha shown, the one they reviewed; a later
 * push waits again. Needs the kept token (admin or the project's upload token).
 */
function approveButton(name, job) {
  const outcome = el('span', { class: 'approve-outcome' });
  const button = el('button', { type: 'button', class: 'link approve', 'data-job': job.id, title: `run ${job.sha} on the GPU runners`, onclick: async () => {
    if (!token.get()) { outcome.replaceChildren(el('span', { class: 'error' }, ' enter an admin or upload token first')); return; }
    if (!confirm(`Run ${short(job.sha)} of pull request #${job.pullRequest} (from a fork) on this project's GPU runners?`)) return;
    try {
      await api(`/api/v1/projects/${enc(name)}/pull-requests/${job.pullRequest}/approvals`, { method: 'POST', body: { sha: job.sha } });
      await jobsPage(name);
    } catch (e) {
      outcome.replaceChildren(el('span', { class: 'error' }, ` ${e.detail || e.message}`));
    }
  } }, 'approve');
  return el('span', {}, ' ', button, outcome);
}

export async function jobsPage(name) {
  const p = enc(name);
  const header = [el('p', { class: 'back' }, el('a', { href: `#/p/${p}` }, `← ${name}`)), el('h1', {}, `CI jobs · ${name}`)];
  const jobs = await api(`/api/v1/projects/${p}/jobs?limit=100`).catch(e => e);
  if (jobs instanceof Error) {
    render(...header, errorBox(jobs, 'the jobs'),
      jobs.status === 401 || jobs.status === 403 ? tokenPanel('This platform needs a token for reads.', () => jobsPage(name)) : null);
    return;
  }
  const count = s => jobs.filter(j => j.state === s).length;
  const needsToken = !token.get() && jobs.some(j => ['failed', 'cancelled', 'awaiting_approval'].includes(j.state));
  render(...header,
    needsToken ? tokenPanel('Running a failed job again or approving a fork\'s pull request needs an admin token or this project\'s upload token.', () => jobsPage(name)) : null,
    el('p', { id: 'queue-summary' }, `${count('awaiting_approval') ? `${count('awaiting_approval')} waiting for approval, ` : ''}`
      + `${count('queued')} queued, ${count('leased')} running, ${count('completed')} completed, `
      + `${count('failed')} failed, ${count('cancelled')} cancelled (newest 100)`),
    jobs.length === 0
      ? el('div', { class: 'empty-state', id: 'no-jobs' }, el('p', {}, 'No jobs yet. Jobs come from the GitHub or GitLab webhook (docs/ci.md), or by hand:'),
          el('pre', {}, `curl -X POST ${location.origin}/api/v1/projects/${name}/jobs -H "Authorization: Bearer $HOSTGAP_TOKEN" -H 'Content-Type: application/json' -d '{"sha":"<40-hex sha>"}'`))
      : scroll(el('table', { id: 'jobs', class: 'data' },
          el('thead', {}, el('tr', {}, ['job', 'commit', 'branch', 'trigger', 'state', 'attempts', 'runner', 'created', 'run / attempts'].map(h => el('th', {}, h)))),
          el('tbody', {}, jobs.map(j => el('tr', { class: j.state, 'data-job': j.id },
            el('td', {}, j.id), el('td', {}, el('code', {}, short(j.sha))), el('td', {}, j.branch),
            el('td', {}, j.pullRequest ? `${j.trigger} #${j.pullRequest}` : j.trigger),
            el('td', {}, el('span', { class: `state ${j.state}` }, j.state),
              j.state === 'failed' || j.state === 'cancelled' ? rerunButton(name, j) : null,
              j.state === 'awaiting_approval' && j.pullRequest ? approveButton(name, j) : null),
            el('td', { class: 'num' }, `${j.attempts} / ${j.maxAttempts}`),
            el('td', { class: 'runner' }, j.runnerId == null ? '–' : runnerName(j)),
            el('td', { class: 'nowrap' }, time(j.createdAt)),
            el('td', { class: 'job-outcome' }, j.runId ? el('a', { href: `#/runs/${j.runId}` }, 'run') : null,
              attemptList(j.attemptHistory || []), !j.runId && !(j.attemptHistory || []).length ? '–' : null)))))));
}

const runnerName = x => x.runnerName ?? (x.runnerId == null ? '–' : `runner ${x.runnerId}`); // a deleted runner has no name
const REASON_SHOWN = 300;

/**
 * Every attempt that did not complete, the first first, each with its runner and the reason it
 * ended: a CUDA error of attempt 1 stays visible next to "stopped sending heartbeats" of attempt 2.
 * A long reason (the tail of a command's output) shows its end, the whole of it one click away.
 */
function attemptList(attempts) {
  const ended = attempts.filter(a => a.outcome !== 'completed' && (a.outcome || a.reason));
  if (ended.length === 0) return null;
  return el('ol', { class: 'attempts' }, ended.map(a => {
    const reason = a.reason || 'no reason given';
    const shown = reason.length > REASON_SHOWN ? `…${reason.slice(-REASON_SHOWN)}` : reason;
    return el('li', { class: `attempt ${a.outcome || 'running'}`, 'data-attempt': a.attempt },
      el('span', { class: 'attempt-head' }, `attempt ${a.attempt} · ${runnerName(a)} · ${a.outcome || 'running'}`,
        a.endedAt ? el('span', { class: 'muted', title: `${time(a.startedAt)} – ${time(a.endedAt)}` }, ` · ${time(a.endedAt)}`) : null),
      el('code', { class: 'error-text attempt-reason' }, shown),
      reason.length > REASON_SHOWN ? el('details', {}, el('summary', {}, 'whole reason'), el('pre', { class: 'error-text' }, reason)) : null);
  }));
}
