// The feed's filters and sort: a bottom sheet on a phone, a side panel on a
// wide screen; a modal dialog (the page behind is inert, Escape closes, focus
// goes back to the button that opened it). Loaded on first open.
// Each field is one function from the feed's state to inputs named as the
// URL's keys (feed-query.js), so a new filter is one more entry in FIELDS.
import { h, uid } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import { api } from '../api.js';
import { isHandler } from '../session.js';
import { STATUSES } from '../status.js';
import { KEYS, SCOPES, SORTS, sortOf } from '../feed-query.js';

const group = (legend, children) => h('fieldset', {}, h('legend', { text: legend }), children);

function option(type, name, value, label, checked) {
  const id = uid('sheet');
  return h('div', { class: 'field check' },
    h('input', { type, id, name, value, checked }), h('label', { for: id, text: label }));
}

// The units a handler works in and their sub-units, indented as the tree; staff
// see their own unit or everyone (scope), and keep a unit a link may carry.
async function unitField(s) {
  if (!isHandler()) return s.unit_id ? h('input', { type: 'hidden', name: 'unit_id', value: s.unit_id }) : null;
  const id = uid('sheet');
  const select = h('select', { id, name: 'unit_id' }, h('option', { value: '', text: t('filters.unit.all') }));
  let problem = null;
  try {
    const { items } = await api('/units');
    for (const u of items) {
      select.append(h('option', { value: u.id, selected: u.id === s.unit_id, text: `${'– '.repeat(u.depth - items[0].depth)}${u.name}` }));
    }
  } catch {
    problem = h('p', { class: 'note', text: t('filters.unit.unavailable') });
    if (s.unit_id) select.append(h('option', { value: s.unit_id, selected: true, text: t('filters.unit.chosen') }));
  }
  return h('div', { class: 'field' }, h('label', { for: id, text: t('filters.unit') }), select, problem);
}

// The organisation's categories, when it has any; a category a link carries stays chosen.
async function categoryField(s) {
  const items = await api('/categories').then((r) => r.items, () => []);
  const chosen = s.category_id && !items.some((c) => c.id === s.category_id);
  if (!items.length) return s.category_id ? h('input', { type: 'hidden', name: 'category_id', value: s.category_id }) : null;
  const id = uid('sheet');
  return h('div', { class: 'field' }, h('label', { for: id, text: t('filters.category') }),
    h('select', { id, name: 'category_id' }, h('option', { value: '', text: t('filters.category.all') }),
      chosen ? h('option', { value: s.category_id, selected: true, text: t('filters.category.chosen') }) : null,
      items.map((c) => h('option', { value: c.id, selected: c.id === s.category_id, text: c.label }))));
}

const FIELDS = [
  (s) => group(t('filters.status'), STATUSES.map((v) => option('checkbox', 'status', v, t(`status.${v}`), s.status.includes(v)))),
  unitField,
  categoryField,
  (s) => group(t('filters.scope'), SCOPES.map((v) => option('radio', 'scope', v, t(`filters.scope.${v}`), s.scope === v))),
  (s) => group(t('filters.sort'), [...(s.q ? ['relevance'] : []), ...SORTS]
    .map((v) => option('radio', 'sort', v, t(`filters.sort.${v}`), s.sort === v))),
];

/** Open the sheet over the feed; `apply` gets the chosen state. */
let opening = false;

export default async function openSheet(state, opener, apply) {
  if (opening || document.querySelector('dialog.sheet')) return;
  opening = true;
  let fields;
  try {
    if (!document.querySelector('link[href="/css/filters.css"]')) {
      document.head.append(h('link', { rel: 'stylesheet', href: '/css/filters.css' }));
    }
    // Once per language: a change of language replaces the whole catalogue.
    if (t('filters.title') === 'filters.title') await loadPart('filters');
    fields = await Promise.all(FIELDS.map((field) => field(state)));
  } finally {
    opening = false;
  }
  const close = h('button', { type: 'button', class: 'btn', text: t('filters.close') });
  const reset = h('button', { type: 'button', class: 'btn', text: t('filters.clear') });
  const form = h('form', { class: 'sheet-body' }, fields,
    h('div', { class: 'actions sheet-actions' }, reset, h('button', { class: 'btn primary', text: t('filters.apply') })));
  const dialog = h('dialog', { class: 'sheet', 'aria-labelledby': 'sheet-title' },
    h('div', { class: 'sheet-head' }, h('h2', { id: 'sheet-title', text: t('filters.title') }), close), form);
  const done = (next) => { dialog.close(); if (next) apply(next); };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = { ...state };
    for (const k of KEYS) if (k !== 'q') next[k] = k === 'status' ? data.getAll(k) : (data.get(k) ?? state[k]);
    done(next);
  });
  reset.addEventListener('click', () => done({ q: state.q, status: [], unit_id: '', category_id: '', scope: 'unit', sort: sortOf(state) }));
  close.addEventListener('click', () => done(null));
  // Tab goes round inside the sheet rather than out to the browser's own controls.
  dialog.addEventListener('keydown', (event) => {
    const all = [...dialog.querySelectorAll('input, select, button')].filter((el) => el.type !== 'hidden');
    const [first, last] = event.shiftKey ? [all.at(-1), all[0]] : [all[0], all.at(-1)];
    if (event.key === 'Tab' && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });
  dialog.addEventListener('close', () => { dialog.remove(); opener.focus(); });
  document.body.append(dialog);
  dialog.showModal();
}
