// A project's threshold rules: the defaults in force and the rules that narrow them to a benchmark,
// a metric or both. The most specific rule that matches a series wins; each row says what it applies
// to. A token holder adds (or replaces: one rule per scope) and removes rules here.
import { api, render, el, enc, fixed, time, scroll, token, tokenPanel } from './core.js';

export async function thresholdsPage(project) {
  const p = enc(project);
  const { defaults, rules } = await api(`/api/v1/projects/${p}/thresholds`);
  const again = () => thresholdsPage(project);
  const canEdit = Boolean(token.get());
  const ordered = [...rules].sort((a, b) => specificity(b) - specificity(a)
    || String(a.benchmark ?? '').localeCompare(String(b.benchmark ?? '')) || String(a.metric ?? '').localeCompare(String(b.metric ?? '')));

  render(
    el('div', { class: 'title' }, el('h1', {}, 'Threshold rules'), el('a', { href: `#/p/${p}` }, `← ${project}`),
      el('a', { href: `#/p/${p}/calibrations` }, 'calibrations')),
    el('p', { class: 'intro', id: 'precedence' }, el('strong', {}, 'The most specific rule wins. '),
      'For a series, a rule naming its benchmark and its metric comes first, then one naming its benchmark only, then one naming its metric only, then the project-wide rule, then the defaults. ',
      'A change counts when it is larger than the minimum change and than the noise multiplier times its noise, once the series has the minimum history.'),
    scroll(el('table', { id: 'thresholds', class: 'data' },
      el('thead', {}, el('tr', {}, ['applies to', 'min change', 'noise multiplier', 'min history', 'set', ''].map(h => el('th', {}, h)))),
      el('tbody', {},
        ordered.map(r => ruleRow(project, r, canEdit, again)),
        el('tr', { class: 'defaults', id: 'threshold-defaults' },
          el('td', {}, el('strong', {}, 'defaults'), el('span', { class: 'muted' }, ': every series no rule matches')),
          values(defaults), el('td', { class: 'muted' }, 'configuration'), el('td'))))),
    rules.length === 0 ? el('p', { id: 'no-rules', class: 'muted' }, 'No rules: every series is judged by the defaults.') : null,
    canEdit ? ruleForm(project, defaults, again)
      : tokenPanel('Adding or removing a rule needs an admin token or this project\'s upload token.', again));
}

const specificity = r => (r.benchmark ? 2 : 0) + (r.metric ? 1 : 0);

/** "every metric of launch.enqueue", "host_us_per_op of every benchmark", … */
function scope(r) {
  if (r.benchmark && r.metric) return [el('code', {}, r.metric), ' of ', el('code', {}, r.benchmark)];
  if (r.benchmark) return ['every metric of ', el('code', {}, r.benchmark)];
  if (r.metric) return [el('code', {}, r.metric), ' of every benchmark'];
  return ['every series of the project'];
}

const values = t => [
  el('td', { class: 'num min-change' }, `${fixed(t.minChangePercent)}%`),
  el('td', { class: 'num multiplier' }, `${fixed(t.noiseMultiplier, 1)}×`),
  el('td', { class: 'num history' }, `${t.minHistoryRuns} runs`)];

function ruleRow(project, r, canEdit, again) {
  return el('tr', { class: 'rule', 'data-id': r.id, 'data-benchmark': r.benchmark ?? '', 'data-metric': r.metric ?? '' },
    el('td', { class: 'scope' }, scope(r)),
    values(r),
    el('td', { class: 'nowrap' }, time(r.updatedAt), el('span', { class: 'muted' }, ` by ${r.updatedBy}`)),
    el('td', {}, canEdit ? el('button', { type: 'button', class: 'remove', onclick: e => remove(project, r, e.target, again) }, 'Remove') : ''));
}

async function remove(project, r, button, again) {
  button.disabled = true;
  try {
    await api(`/api/v1/projects/${enc(project)}/thresholds/${r.id}`, { method: 'DELETE' });
    await again();
  } catch (e) {
    button.disabled = false;
    button.after(el('span', { class: 'error' }, ` ${e.message}`));
  }
}

function ruleForm(project, defaults, again) {
  const field = (id, label, attrs) => el('label', { for: id }, label, ' ', el('input', { id, 'aria-label': label, ...attrs }));
  const form = el('form', { id: 'rule-form', class: 'controls rule-form' },
    field('rule-benchmark', 'benchmark', { type: 'text', placeholder: 'every benchmark', autocomplete: 'off' }),
    field('rule-metric', 'metric', { type: 'text', placeholder: 'every metric', autocomplete: 'off' }),
    field('rule-min-change', 'min change %', { type: 'number', step: 'any', placeholder: fixed(defaults.minChangePercent) }),
    field('rule-multiplier', 'noise multiplier', { type: 'number', step: 'any', placeholder: fixed(defaults.noiseMultiplier, 1) }),
    field('rule-history', 'min history runs', { type: 'number', step: 1, placeholder: String(defaults.minHistoryRuns) }),
    el('button', { type: 'submit', id: 'rule-submit' }, 'Save rule'));
  const outcome = el('p', { id: 'rule-outcome', role: 'status' });
  const value = id => form.querySelector(`#${id}`).value.trim();
  const number = id => (value(id) === '' ? null : Number(value(id)));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    outcome.replaceChildren();
    try {
      await api(`/api/v1/projects/${enc(project)}/thresholds`, { method: 'PUT', body: {
        benchmark: value('rule-benchmark') || null, metric: value('rule-metric') || null,
        minChangePercent: number('rule-min-change'), noiseMultiplier: number('rule-multiplier'), minHistoryRuns: number('rule-history') } });
      await again();
    } catch (err) {
      outcome.replaceChildren(el('span', { class: 'error', id: 'rule-error' }, err.message));
    }
  });
  return el('section', { id: 'add-rule' },
    el('h2', {}, 'Add a rule'),
    el('p', { class: 'muted' }, 'Leave benchmark or metric empty to match every one; an empty number takes the default. Saving a rule for a scope that has one replaces it.'),
    form, outcome, tokenPanel('', again));
}
