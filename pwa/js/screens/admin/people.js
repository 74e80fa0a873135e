// The people of one's units: a searchable table a page at a time, so that an
// organisation of thousands never puts them all on the screen. A name opens
// what may be done for that person (person.js).
import { h, clear, announce } from '../../dom.js';
import { t, tn, formatDate, language } from '../../i18n.js';

// The server tells only the day someone was last seen, never the time.
const seenOn = (day) => new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'sv-SE',
  { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
import { api } from '../../api.js';
import * as session from '../../session.js';
import { problem, field, unitOptions } from './fields.js';
import personPanel from './person.js';

export const PAGE_SIZE = 25;
const SEARCH_DELAY = 300; // ms after the last key before the server is asked

export default function peopleSection() {
  const me = session.user();
  const q = h('input', { type: 'search', maxlength: 80, autocomplete: 'off' });
  const unitFilter = h('select', {});
  const error = h('p', { class: 'error', role: 'alert' });
  const status = h('p', { class: 'meta', 'aria-live': 'polite' });
  const body = h('tbody', {});
  const table = h('table', { class: 'people-table' },
    h('caption', { class: 'sr-only', text: t('admin.people_heading') }),
    h('thead', {}, h('tr', {}, ['admin.name', 'admin.unit', 'admin.role', 'admin.status', 'admin.last_seen']
      .map((key) => h('th', { scope: 'col', text: t(key) })))),
    body);
  const previous = h('button', { type: 'button', class: 'btn', text: t('admin.previous_page'), hidden: true });
  const next = h('button', { type: 'button', class: 'btn', text: t('admin.next_page'), hidden: true });
  let units = [];
  // The cursors of the pages before this one: "previous" goes back without a cursor of its own.
  let trail = [];
  let current = null;
  let following = null;
  let asked = 0;
  let timer = 0; // a search typed but not yet asked for

  const statusText = (user) => (user.active ? t('admin.active') : t('admin.inactive_since', { date: formatDate(user.deactivated_at) }));

  function row(user) {
    const tr = h('tr', { class: 'person-row' });
    const open = h('button', { type: 'button', class: 'btn link person-name', 'aria-expanded': 'false',
      text: user.display_name + (user.id === me.id ? ` (${t('admin.you')})` : '') });
    let panel = null;
    open.addEventListener('click', () => {
      if (panel) {
        panel.remove();
        panel = null;
        open.setAttribute('aria-expanded', 'false');
        return;
      }
      panel = h('tr', { class: 'person-detail' }, h('td', { colspan: 5 }, personPanel(user, {
        units,
        onChanged(saved) {
          const fresh = row(saved);
          tr.replaceWith(fresh);
          panel?.remove();
          announce(t('admin.saved'));
          fresh.querySelector('.person-name').focus();
        },
        onGone() { panel?.remove(); tr.remove(); body.querySelector('.person-name')?.focus(); },
      })));
      tr.after(panel);
      open.setAttribute('aria-expanded', 'true');
    });
    tr.append(
      h('th', { scope: 'row', 'data-label': t('admin.name') }, open),
      h('td', { 'data-label': t('admin.unit'), text: user.unit.name }),
      h('td', { 'data-label': t('admin.role'), text: t(`role.${user.role}`) }),
      h('td', { 'data-label': t('admin.status'), class: user.active ? null : 'inactive', text: statusText(user) }),
      h('td', { 'data-label': t('admin.last_seen'), text: user.last_seen_on ? seenOn(user.last_seen_on) : t('admin.never_seen') }));
    return tr;
  }

  async function show(cursor) {
    error.textContent = '';
    const params = new URLSearchParams({ limit: PAGE_SIZE });
    if (q.value.trim()) params.set('q', q.value.trim());
    if (unitFilter.value) params.set('unit_id', unitFilter.value);
    if (cursor) params.set('cursor', cursor);
    const mine = ++asked;
    table.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/users?${params}`);
      if (mine !== asked) return; // a later search has been asked for since
      current = cursor;
      following = page.next_cursor;
      clear(body, page.items.length ? page.items.map(row)
        : h('tr', {}, h('td', { colspan: 5, class: 'note', text: t('admin.no_people') })));
      previous.hidden = trail.length === 0;
      next.hidden = !following;
      status.textContent = page.items.length
        ? tn('admin.page_status', page.items.length, { page: trail.length + 1 }) : '';
    } catch (err) {
      if (mine === asked) error.textContent = problem(err);
    } finally {
      if (mine === asked && !timer) table.removeAttribute('aria-busy');
    }
  }

  const restart = () => { trail = []; return show(null); };
  q.addEventListener('input', () => {
    clearTimeout(timer);
    table.setAttribute('aria-busy', 'true'); // what is shown no longer matches what was typed
    timer = setTimeout(() => { timer = 0; restart(); }, SEARCH_DELAY);
  });
  unitFilter.addEventListener('change', restart);
  next.addEventListener('click', async () => {
    trail.push(current);
    await show(following);
    (next.hidden ? previous : next).focus();
  });
  previous.addEventListener('click', async () => {
    await show(trail.pop() ?? null);
    (previous.hidden ? next : previous).focus();
  });
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('admin.search_name'), q, t('admin.search_hint')), field(t('admin.unit'), unitFilter));
  form.addEventListener('submit', (event) => { event.preventDefault(); clearTimeout(timer); timer = 0; restart(); });

  const section = h('section', { 'aria-labelledby': 'admin-people' },
    h('h2', { id: 'admin-people', text: t('admin.people_heading') }), form, error,
    h('div', { class: 'people-scroll' }, table), status, h('div', { class: 'actions pager' }, previous, next));
  return {
    section,
    setUnits(all) {
      units = all;
      const keep = unitFilter.value;
      clear(unitFilter, unitOptions(all, { selected: keep, blank: t('admin.all_units') }));
      return restart();
    },
  };
}
