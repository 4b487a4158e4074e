// A change's confirmation on its page: the probe that measured it again (base and head interleaved on
// one runner), the bisection that pinned its first bad commit, and how to reproduce it (the shell
// loop, or a try job on a runner). The panel refreshes itself while something is measuring.
import { api, el, enc, short, num, pct, fixed, paramsText, time, commitLink, verdictBadge, onLeave, token, scroll } from './core.js';

const POLL_MS = 1500;
const TRIES_SHOWN = 3;

/**
 * The panel for change {@code r} of {@code project}: sections that load, and refresh, by themselves.
 * {@code onMoved} is called when the confirmation or the bisection moves on (they move the change too).
 */
export function confirmationPanel(project, r, onMoved) {
  const p = `/api/v1/projects/${enc(project)}`;
  const confirmation = el('div', { id: 'confirmation' }, el('p', { class: 'muted' }, 'Loading the confirmation…'));
  const bisection = el('div', { id: 'bisection-section' });
  const tries = el('div', { id: 'try-probes' });
  const actionOutcome = el('div', { id: 'probe-action-outcome', 'aria-live': 'polite' });
  const panel = el('div', { id: 'confirmation-panel' }, el('h2', {}, 'Confirmation'), confirmation, bisection, actionOutcome,
    r.lastGoodCommit ? reproSection(p, r, tries, () => refresh()) : null);
  // a button's POST, then the panel again; its refusal is shown, the panel stays as it was
  const post = async (path, question) => {
    actionOutcome.replaceChildren();
    if (!token.get()) { actionOutcome.append(el('p', { class: 'error' }, 'Enter an admin token or the project\'s upload token first (under Triage).')); return; }
    if (question && !confirm(question)) return;
    try { await api(path, { method: 'POST' }); await refresh(); } catch (e) { actionOutcome.append(el('p', { class: 'error' }, e.message)); }
  };
  const cancel = (id, label, path, question) => el('button', { type: 'button', id, onclick: () => post(`${p}${path}`, question) }, label);
  let timer, drawn = false, latest = 0, seen = null;
  const refresh = async () => {
    clearTimeout(timer);
    if (drawn && !panel.isConnected) return; // the page was drawn again or left
    const seq = ++latest;
    try {
      const [probes, bisections, tried] = await Promise.all([api(`${p}/probes?change=${r.id}`), api(`${p}/bisections?change=${r.id}`),
        r.lastGoodCommit ? api(`${p}/probes?limit=50`) : []]);
      const confirmProbe = probes.find(x => x.kind === 'confirm');
      const b = bisections[0];
      const mine = tried.filter(x => x.kind === 'try' && x.base === r.lastGoodCommit && x.head === r.firstBadCommit).slice(0, TRIES_SHOWN);
      const details = await Promise.all([confirmProbe, ...mine].map(x => (x?.state === 'concluded' ? api(`${p}/probes/${x.id}`) : x)));
      if (seq !== latest) return; // a newer refresh (a button's) draws instead
      confirmation.replaceChildren(confirmationOf(r, details[0], cancel));
      bisection.replaceChildren(...(b ? bisectionOf(project, b, cancel) : []).filter(Boolean));
      tries.replaceChildren(...details.slice(1).map(t => tryOf(t, cancel)));
      drawn = true;
      const now = `${confirmProbe?.id}:${confirmProbe?.state} ${b?.id}:${b?.state}`;
      if (seen !== null && seen !== now && onMoved) { onMoved(); return; }
      seen = now;
      const waiting = r.status === 'confirming' && !confirmProbe; // its probe is about to be queued
      if (waiting || [confirmProbe, ...mine].some(x => x?.state === 'measuring') || b?.state === 'bisecting') timer = setTimeout(refresh, POLL_MS);
    } catch (e) {
      if (seq === latest) confirmation.replaceChildren(el('p', { class: 'error' }, `Could not load the confirmation: ${e.message}`));
    }
  };
  onLeave(() => clearTimeout(timer));
  refresh();
  return panel;
}

/** "confirming: 3 of 8 runs", "confirmed", "unconfirmed", "could not measure", "cancelled". */
function confirmationOf(r, probe, cancel) {
  if (!probe) {
    return el('p', { class: 'muted', id: 'no-probe' }, r.status === 'confirming'
      ? 'Confirming: its probe is being queued.'
      : 'No probe measured this change again: later commits confirmed or dismissed it (probes need a project with runners).');
  }
  const measuring = probe.state === 'measuring';
  const word = measuring ? 'confirming' : probe.state === 'concluded' ? probe.outcome : probe.state === 'failed' ? 'could not measure' : probe.state;
  return el('div', {},
    el('p', { id: 'confirm-state', 'data-state': probe.state },
      badge(word, measuring ? `confirming: ${runs(probe)}` : word), ' ',
      el('span', { class: 'muted' }, `probe #${probe.id}: ${probe.rounds} rounds of ${short(probe.base)} and ${short(probe.head)} interleaved`,
        probe.runner == null ? '' : ` on runner ${probe.runner}`, `, queued ${time(probe.createdAt)}`),
      measuring ? [' ', cancel('cancel-probe', 'Cancel', `/probes/${probe.id}/cancel`,
        'Cancel this confirmation? Its queued runs are cancelled and the change stays suspected.')] : null),
    probe.note ? el('p', { class: 'probe-note' }, probe.note) : null,
    probe.results ? pairedTable(r, probe.results.find(row => sameSeries(row, r))) : null);
}

/** One series' rounds: base and head levels, head against base per round, then the paired judgement. */
function pairedTable(r, row) {
  if (!row) return el('p', { class: 'muted', id: 'paired-table' }, 'The probe did not measure this change\'s series in a whole round.');
  const j = row.change || {};
  return el('div', {},
    scroll(el('table', { id: 'paired-table', class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, 'round'), el('th', { class: 'num' }, `base (${row.unit})`),
        el('th', { class: 'num' }, `head (${row.unit})`), el('th', { class: 'num' }, 'head vs base'))),
      el('tbody', {}, row.rounds.map(x => el('tr', {}, el('td', {}, x.round), el('td', { class: 'num' }, num(x.base)),
        el('td', { class: 'num' }, num(x.head)), el('td', { class: 'num' }, pct(x.base ? (x.head - x.base) / x.base * 100 : null))))))),
    el('p', { id: 'paired-summary' }, `${r.benchmark} v${r.version} ${paramsText(r.params)} ${r.metric}: mean change `,
      el('strong', {}, pct(j.changePercent)), ` over ${row.rounds.length} pairs`,
      j.ciLowPercent == null ? '' : ` (95% CI ${pct(j.ciLowPercent)} to ${pct(j.ciHighPercent)})`,
      `, threshold ±${fixed(j.thresholdPercent)}%, verdict `, verdictBadge(j.verdict)));
}

/** The bisection: where it stands, its bounds, its budget, its steps, and Cancel while it runs. */
function bisectionOf(project, b, cancel) {
  const commit = sha => (sha ? el('a', { href: commitLink(project, sha) }, el('code', {}, short(sha))) : '–');
  const bisecting = b.state === 'bisecting';
  return [el('h2', {}, 'Bisection'),
    el('p', { id: 'bisection-state', 'data-state': b.state }, badge(b.state, b.state.replaceAll('_', ' ')), ' ',
      el('span', { class: 'muted' }, `bisection #${b.id}, since ${time(b.createdAt)}`),
      bisecting ? [' ', cancel('cancel-bisection', 'Cancel', `/bisections/${b.id}/cancel`,
        'Cancel this bisection? Its queued runs are cancelled and the change stays dated to the range reached.')] : null),
    b.note ? el('p', { class: 'probe-note' }, b.note) : null,
    scroll(el('table', { class: 'facts', id: 'bisection-facts' }, el('tbody', {},
      fact('good', commit(b.good)), fact('bad', commit(b.bad)),
      fact('first bad commit', b.firstBad ? commit(b.firstBad) : el('span', { class: 'muted' }, 'not pinned')),
      fact('skipped', b.skipped?.length ? b.skipped.map(s => [commit(s), ' ']) : '–'),
      fact('budget used', `${b.jobsUsed} of ${b.maxJobs} jobs, ${b.runnerSecondsUsed} of ${b.maxRunnerSeconds} runner seconds`)))),
    b.steps.length === 0 ? el('p', { class: 'muted' }, 'No step queued yet.')
      : scroll(el('table', { id: 'bisection-steps', class: 'data' },
        el('thead', {}, el('tr', {}, ['step', 'middle commit', 'outcome', 'note'].map(h => el('th', {}, h)))),
        el('tbody', {}, b.steps.map((s, i) => el('tr', { 'data-state': s.state, 'data-outcome': s.outcome || '' },
          el('td', {}, i + 1), el('td', {}, commit(s.middle)),
          el('td', {}, s.state === 'measuring' ? badge('measuring', `measuring: ${runs(s)}`) : badge(s.outcome || s.state, s.outcome || s.state)),
          el('td', {}, s.note || ''))))))];
}

/** A try job of the change's commits: its state, Cancel while measuring, every series judged once it ended. */
function tryOf(t, cancel) {
  const measuring = t.state === 'measuring';
  return el('div', { class: 'try-probe', 'data-id': t.id, 'data-state': t.state },
    el('p', {}, el('strong', {}, `try #${t.id}`), ` by ${t.requestedBy}, ${time(t.createdAt)}: `,
      badge(measuring ? 'measuring' : t.state, measuring ? `measuring: ${runs(t)}` : t.state), t.runner == null ? '' : ` on runner ${t.runner}`,
      measuring ? [' ', cancel(`cancel-try-${t.id}`, 'Cancel', `/probes/${t.id}/cancel`, 'Cancel this try job?')] : null,
      t.note ? el('span', { class: 'muted' }, ` ${t.note}`) : null),
    t.results ? scroll(el('table', { class: 'data try-results' },
      el('thead', {}, el('tr', {}, ['series', 'pairs', 'change', 'threshold', 'verdict'].map(h => el('th', {}, h)))),
      el('tbody', {}, t.results.map(row => el('tr', {},
        el('td', {}, `${row.benchmark} v${row.version} ${paramsText(row.params)} ${row.metric}`), el('td', { class: 'num' }, row.rounds.length),
        el('td', { class: 'num' }, pct(row.change?.changePercent)), el('td', { class: 'num' }, `±${fixed(row.change?.thresholdPercent)}%`),
        el('td', {}, verdictBadge(row.change?.verdict))))))) : null);
}

/** The repro loop (GET …/regressions/{id}/repro) and a button that asks a runner to measure the same as a try job. */
function reproSection(p, r, tries, refresh) {
  const shell = el('pre', { id: 'repro-shell' }, 'Loading…');
  const runner = el('input', { type: 'number', id: 'try-runner', min: 1, placeholder: 'runner id (optional)', 'aria-label': 'runner id' });
  const outcome = el('div', { id: 'try-outcome', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', id: 'try-run', disabled: true, onclick: () => run() }, 'Run a try job');
  let repro = null;
  api(`${p}/regressions/${r.id}/repro`).then(x => { repro = x; shell.textContent = x.shell; button.disabled = false; })
    .catch(e => { shell.textContent = `Could not load the repro: ${e.message}`; });
  const run = async () => {
    outcome.replaceChildren();
    if (!token.get()) { outcome.append(el('p', { class: 'error' }, 'Enter an admin token or the project\'s upload token first (under Triage).')); return; }
    const body = { base: repro.base, head: repro.head, rounds: repro.rounds };
    if (runner.value.trim()) body.runner = Number(runner.value);
    try {
      const probe = await api(`${p}/try`, { method: 'POST', body });
      outcome.append(el('p', { class: 'ok' }, `Try job #${probe.id} queued: ${probe.runs} runs.`));
      await refresh();
    } catch (e) {
      outcome.append(el('p', { class: 'error' }, e.message));
    }
  };
  return el('section', { id: 'reproduce' }, el('h2', {}, 'Reproduce'),
    el('p', { class: 'muted' }, `Measure ${short(r.lastGoodCommit)} and ${short(r.firstBadCommit)} interleaved on a GPU node of your own:`),
    shell,
    el('div', { class: 'controls' }, el('label', {}, 'on runner ', runner), button),
    outcome, tries);
}

const runs = p => `${p.runsEnded} of ${p.runs} runs`;
const badge = (word, text) => el('span', { class: `state ${word.replaceAll(' ', '-')}`, 'data-state': word }, text);
const fact = (k, v) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v));
const sorted = params => paramsText(Object.fromEntries(Object.entries(params || {}).sort(([a], [b]) => a.localeCompare(b))));
const sameSeries = (row, r) => row.benchmark === r.benchmark && row.version === r.version && row.metric === r.metric
  && sorted(row.params) === sorted(r.params);
