// The desk's list: the feed (with its filters) or the inbox as a table of ideas,
// a row per idea. A row is chosen with the mouse or j/k (the focus moves with
// it); opening one is the caller's (desk.js). What it lists is the URL's query,
// as on the phone (feed-query.js), so a shared link opens the same list.
import { h, clear, announce } from '../dom.js';
import { t, tn, locale, formatDate } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { readQuery, pageQuery, apiQuery, filterCount, saveChoice, sortOf } from '../feed-query.js';
import { entries, subscribe } from '../outbox/queue.js';
import { overlayVotes } from '../ui/pending.js';
import statusChip, { waitingChip } from '../ui/status-chip.js';
import { ideaHeading } from '../ui/idea-title.js';

const DAY = 86_400_000;

// "3 dagar": how long the idea has waited, which is what a handler sorts by in the head.
function age(iso) {
  const days = Math.max(0, Math.floor((Date.now() - new Date(iso)) / DAY));
  return h('time', { datetime: iso, title: formatDate(iso), text: days ? tn('queue.age', days) : t('queue.today') });
}

// A due date is a day ("YYYY-MM-DD"), not a moment: read as local midnight, not UTC.
function due(idea) {
  if (!idea.due_date) return '';
  const [y, m, d] = idea.due_date.split('-').map(Number);
  const day = new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(y, m - 1, d));
  return [h('time', { datetime: idea.due_date, text: day }),
    idea.overdue ? [' ', h('span', { class: 'chip overdue', text: t('queue.overdue') })] : null];
}

const COLUMNS = ['title', 'status', 'unit', 'age', 'votes', 'assignee', 'due'];

export default function queue(root, { inbox, search, opened, onOpen, onPath }) {
  const params = new URLSearchParams(search);
  let state = inbox ? { q: params.get('q') || '' } : readQuery(search);
  let cursor = null;
  let pending = null;
  let timer = 0;
  let waiting = new Map();
  const ideas = new Map();
  const body = h('tbody', {});
  const table = h('table', { class: 'queue', 'aria-busy': 'true' },
    h('caption', { class: 'sr-only', text: t(inbox ? 'inbox.title' : 'feed.title') }),
    h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col', class: `col-${c}`, text: t(`queue.col.${c}`) })))),
    body);
  const note = h('p', { class: 'note', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn', text: t('feed.more'), hidden: true, onclick: () => load(false) });
  const field = h('input', { type: 'search', id: 'desk-q', name: 'q', value: state.q, enterkeyhint: 'search', autocomplete: 'off',
    placeholder: t('feed.search'), 'aria-keyshortcuts': '/' });
  const count = h('span', {});
  const filter = inbox ? null : h('button', { type: 'button', class: 'btn', 'aria-haspopup': 'dialog' }, t('feed.filter'), count);

  const rows = () => [...body.querySelectorAll('tr[data-id]')];
  const path = () => {
    const q = inbox ? new URLSearchParams(state.q ? { q: state.q } : {}) : pageQuery(state);
    return `${inbox ? '/inbox' : '/'}${`${q}` ? `?${q}` : ''}`;
  };
  const query = () => (inbox ? new URLSearchParams({ scope: 'unit', status: 'submitted', sort: 'new', ...(state.q ? { q: state.q } : {}) }) : apiQuery(state));

  // A move still in the outbox shows as on the idea's page: "Inlämnad → Mottagen (väntar)".
  function statusCell(idea) {
    const to = waiting.get(idea.id);
    return [statusChip(idea.status), to ? [' → ', statusChip(to), ' ', waitingChip()] : null];
  }

  function row(idea) {
    ideas.set(idea.id, idea);
    const link = h('a', { href: `/ideas/${idea.id}`, text: ideaHeading(idea) });
    return h('tr', { 'data-id': idea.id, 'aria-current': idea.id === opened ? 'true' : null, class: idea.overdue ? 'overdue' : null },
      h('th', { scope: 'row', class: 'col-title' }, link),
      h('td', { class: 'col-status' }, statusCell(idea)),
      h('td', { class: 'col-unit', text: idea.unit?.name || '' }),
      h('td', { class: 'col-age' }, age(idea.created_at)),
      h('td', { class: 'col-votes', text: idea.vote_count ?? '' }),
      h('td', { class: 'col-assignee', text: idea.assignee?.display_name || '' }),
      h('td', { class: 'col-due' }, due(idea)));
  }

  async function load(first) {
    pending?.abort();
    const { signal } = pending = new AbortController();
    const p = query();
    if (!first && cursor) p.set('cursor', cursor);
    table.setAttribute('aria-busy', 'true');
    try {
      const [page, queued] = await Promise.all([api(`/ideas?${p}`, { signal }), entries()]);
      const items = await overlayVotes(page.items);
      if (signal.aborted) return;
      waiting = new Map(queued.filter((e) => e.kind === 'status').map((e) => [e.meta.ideaId, e.meta.status]));
      if (first) { clear(body); ideas.clear(); }
      body.append(...items.map(row));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      note.textContent = rows().length ? '' : t(inbox ? 'inbox.empty' : 'feed.empty');
    } catch (err) {
      if (signal.aborted) return;
      note.textContent = isOffline(err) ? t('offline.nothing_saved') : `${t('error.load')} ${err.message}`;
    } finally {
      if (!signal.aborted) table.setAttribute('aria-busy', 'false');
    }
  }

  // A choice in the filters is a step in the history, a search is not (as on the phone).
  const update = (next, push) => {
    state = next;
    if (!inbox) {
      count.textContent = filterCount(state) ? ` (${filterCount(state)})` : '';
      saveChoice(state);
    }
    onPath(path(), push);
    return load(true).then(() => announce(tn('feed.shown', rows().length)));
  };
  const find = () => {
    clearTimeout(timer);
    const next = { ...state, q: field.value.trim() };
    if (next.q === state.q) return;
    if (!inbox && state.sort === sortOf(state)) next.sort = sortOf(next);
    update(next);
  };
  field.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 300); });
  filter?.addEventListener('click', () => import('../ui/feed-sheet.js')
    .then((m) => { note.textContent = ''; return m.default(state, filter, (next) => update(next, true)); })
    .catch(() => { note.textContent = t('offline.needs_network'); }));
  if (filter) count.textContent = filterCount(state) ? ` (${filterCount(state)})` : '';

  // A click anywhere on a row opens it; the title is the link, for the keyboard and a new tab.
  body.addEventListener('click', (event) => {
    const tr = event.target.closest('tr[data-id]');
    const a = event.target.closest('a');
    if (!tr || (a && (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey))) return;
    event.preventDefault();
    select(rows().indexOf(tr), false);
    onOpen(tr.dataset.id);
  });
  body.addEventListener('focusin', (event) => {
    const tr = event.target.closest('tr[data-id]');
    if (tr) mark(tr);
  });

  function mark(tr) {
    for (const r of body.querySelectorAll('tr.sel')) r.classList.remove('sel');
    tr?.classList.add('sel');
  }

  function select(i, focus = true) {
    const all = rows();
    const tr = all[Math.max(0, Math.min(all.length - 1, i))];
    if (!tr) return null;
    mark(tr);
    if (focus) tr.querySelector('a').focus();
    return tr;
  }

  function redraw(id) {
    const cell = body.querySelector(`tr[data-id="${id}"] .col-status`);
    if (cell && ideas.has(id)) clear(cell, statusCell(ideas.get(id)));
  }
  // Once the server has the move, the row shows the new status.
  const unsubscribe = subscribe((msg) => {
    const id = msg?.meta?.ideaId;
    if (msg?.type !== 'sent' || msg.kind !== 'status' || !ideas.has(id)) return;
    ideas.set(id, { ...ideas.get(id), status: msg.meta.status });
    waiting.delete(id);
    redraw(id);
  });

  clear(root,
    h('h1', { tabindex: '-1', text: t(inbox ? 'inbox.title' : 'feed.title') }),
    h('form', { class: 'feed-bar', role: 'search', onsubmit: (e) => { e.preventDefault(); find(); } },
      h('label', { for: 'desk-q', class: 'sr-only', text: t('feed.search') }), field, filter),
    note, table, more);
  const loaded = load(true);

  return {
    loaded,
    // j and k: from the row chosen last, or from the open idea's row.
    move(step) {
      const all = rows();
      const at = all.findIndex((r) => r.classList.contains('sel'));
      const from = at >= 0 ? at : all.findIndex((r) => r.getAttribute('aria-current'));
      return select(from < 0 ? (step > 0 ? 0 : all.length - 1) : from + step);
    },
    chosen() {
      const tr = body.querySelector('tr.sel') || body.querySelector('tr[aria-current]');
      return tr && ideas.get(tr.dataset.id);
    },
    opened(id) {
      for (const r of rows()) {
        if (r.dataset.id === id) r.setAttribute('aria-current', 'true');
        else r.removeAttribute('aria-current');
      }
    },
    queued(idea, status) {
      waiting.set(idea.id, status);
      redraw(idea.id);
    },
    path,
    search: () => field.focus(),
    stop() { clearTimeout(timer); pending?.abort(); unsubscribe(); },
  };
}
