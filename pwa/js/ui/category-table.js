// The statistics per category: the year's submitted, implemented and declined
// ideas of each category, then those without one. A table, as the CSV has it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { number, tableRegion } from './charts.js';

export default function categoryTable(s) {
  const rows = s.categories || [];
  // Only the row of the ideas without a category: the organisation keeps no categories.
  if (rows.length < 2) return null;
  const cols = ['submitted', 'implemented', 'declined'];
  const table = h('table', {},
    h('caption', { text: t('dash.categories.title', { year: s.year }) }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('dash.category') }),
      cols.map((k) => h('th', { scope: 'col', text: t(`dash.categories.${k}`) })))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row', text: r.id ? r.name : t('dash.no_category') }),
      cols.map((k) => h('td', { text: number(r[k]) }))))));
  return h('section', { 'aria-labelledby': 'dash-categories' },
    h('h2', { id: 'dash-categories', text: t('dash.categories.heading') }), tableRegion(table));
}
