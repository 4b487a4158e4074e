// Changes on record as tables and one-line items: a commit's own changes, the regressions it sits
// on, a project's present regressions. Every row names its series (linked to its chart), its size
// against the threshold, where it stands, and links to its triage page.
import { el, short, pct, fixed, paramsText, time, seriesLink, changeLink, commitLink, changeStatus, changeCounts, seriesText, scroll } from './core.js';

const why = c => (changeCounts(c) ? 'yes' : c.intended ? 'no: intended' : c.status === 'confirming' ? 'not yet: confirming'
  : `no: ${c.status.replaceAll('_', ' ')}`);

/**
 * options: id (of the table); kind, counted (whether it makes its commit red or green), firstBad,
 * lastGood, since: the optional columns.
 */
export function changesTable(project, changes, { id, kind = false, counted = false, firstBad = false, lastGood = false, since = false }) {
  const commit = sha => (sha ? el('a', { href: commitLink(project, sha), class: 'commit' }, el('code', {}, short(sha))) : '–');
  const columns = [
    ['benchmark', c => el('a', { href: seriesLink(project, c), class: 'series', title: 'series chart' }, `${c.benchmark} v${c.version}`)],
    ['params', c => paramsText(c.params) || '–'],
    ['metric', c => c.metric],
    kind && ['kind', c => el('span', { class: `verdict ${c.kind}` }, c.kind)],
    ['change', c => pct(c.changePercent), 'num'],
    ['threshold', c => (c.thresholdPercent == null ? '–' : `±${fixed(c.thresholdPercent)}%`), 'num'],
    ['status', c => changeStatus(c)],
    counted && ['counted', why],
    firstBad && ['first bad', c => commit(c.firstBadCommit)],
    lastGood && ['last good', c => commit(c.lastGoodCommit)],
    since && ['since', c => time(c.createdAt), 'nowrap'],
    ['', c => el('a', { href: changeLink(project, c.id), class: 'triage' }, `triage #${c.id}`), 'nowrap'],
  ].filter(Boolean);
  return scroll(el('table', { id, class: 'data changes' },
    el('thead', {}, el('tr', {}, columns.map(([h, , cls]) => el('th', { class: cls === 'num' ? 'num' : null }, h)))),
    el('tbody', {}, changes.map(c => el('tr', { class: `${c.kind}${changeCounts(c) ? '' : ' not-counted'}`, 'data-id': c.id },
      columns.map(([, cell, cls]) => el('td', { class: cls }, cell(c))))))));
}

/** One change in a line: "regression #12 launch.enqueue v1 args=4 host_us_per_op +16.15% (open)". */
export function changeItem(project, c, { sitsOn = false } = {}) {
  return el('li', { class: sitsOn ? 'sits-on' : `change ${c.kind}`, 'data-id': c.id },
    sitsOn ? 'sits on ' : el('span', { class: `verdict ${c.kind}` }, c.kind), ' ',
    el('a', { href: changeLink(project, c.id), class: 'triage' }, `#${c.id}`), ' ',
    el('a', { href: seriesLink(project, c), class: 'series' }, seriesText(c)), ' ',
    el('strong', {}, pct(c.changePercent)), ' ', changeStatus(c),
    sitsOn ? [' from ', el('a', { href: commitLink(project, c.firstBadCommit) }, el('code', {}, short(c.firstBadCommit)))] : null,
    !sitsOn && !changeCounts(c) ? el('span', { class: 'muted' }, ' (does not count)') : null);
}
