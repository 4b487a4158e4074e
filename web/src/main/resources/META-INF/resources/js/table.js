// A sortable, paged table: thousands of rows never render at once, only the current page does.
import { el, scroll } from './core.js';

/**
 * columns: [{ label, sort: row => comparable (null sorts last), cell: row => node or text, num }].
 * Returns { node, setRows(rows) }; clicking a header sorts by it (again: reversed); rowClass(row)
 * gives each row its class. The caller's order is kept until a header is clicked.
 */
export function pagedTable({ id, columns, rowClass = () => '', pageSize = 100, empty = 'No rows.' }) {
  let rows = [], sorted = [], page = 0, sortBy = -1, descending = false;
  const head = el('tr', {}, columns.map((c, i) => el('th', { scope: 'col', class: c.num ? 'num' : '' },
    c.sort ? el('button', { type: 'button', class: 'sort', 'data-column': c.label, onclick: () => sort(i) }, c.label) : c.label)));
  const body = el('tbody');
  const table = el('table', { id, class: 'data' }, el('thead', {}, head), body);
  const info = el('span', { class: 'page-info', id: id && `${id}-page-info` });
  const prev = el('button', { type: 'button', id: id && `${id}-prev`, onclick: () => go(page - 1) }, '← previous');
  const next = el('button', { type: 'button', id: id && `${id}-next`, onclick: () => go(page + 1) }, 'next →');
  const pager = el('div', { class: 'pager' }, prev, info, next);
  const node = el('div', { class: 'paged' }, scroll(table), pager);

  function sort(i) {
    descending = sortBy === i ? !descending : false;
    sortBy = i;
    head.querySelectorAll('th').forEach((th, k) => th.setAttribute('aria-sort', k !== i ? 'none' : descending ? 'descending' : 'ascending'));
    order();
    go(0);
  }

  function order() {
    if (sortBy < 0) { sorted = rows; return; }
    const key = columns[sortBy].sort, sign = descending ? -1 : 1;
    sorted = rows.map((r, i) => ({ r, i, k: key(r) })).sort((a, b) => {
      const an = a.k === null || a.k === undefined || Number.isNaN(a.k), bn = b.k === null || b.k === undefined || Number.isNaN(b.k);
      if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1; // missing values last, either direction
      const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
      return c === 0 ? a.i - b.i : sign * c;
    }).map(x => x.r);
  }

  function go(p) {
    const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
    page = Math.min(Math.max(p, 0), pages - 1);
    const slice = sorted.slice(page * pageSize, (page + 1) * pageSize);
    body.replaceChildren(...(slice.length === 0
      ? [el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, empty))]
      : slice.map(r => el('tr', { class: rowClass(r) }, columns.map(c => el('td', { class: c.num ? 'num' : c.cls || '' }, c.cell(r)))))));
    info.textContent = sorted.length === 0 ? '0 rows'
      : `rows ${page * pageSize + 1}–${page * pageSize + slice.length} of ${sorted.length.toLocaleString('en')} · page ${page + 1} of ${pages}`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    pager.hidden = sorted.length <= pageSize;
  }

  return { node, setRows(newRows) { rows = newRows; order(); go(0); } };
}
