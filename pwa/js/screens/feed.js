// The feed: a line to search and open the filters (ui/feed-sheet.js, loaded on
// first open), the list under it. What it shows is the URL (feed-query.js).
import { h, clear, announce } from '../dom.js';
import { t, tn } from '../i18n.js';
import { user } from '../session.js';
import { readQuery, pageQuery, apiQuery, filterCount, saveChoice, sortOf } from '../feed-query.js';
import ideaList from '../ui/idea-list.js';

// Offline filtering and the fold it imports, loaded on first use; fetched
// ahead (not imported: once a page) through the worker, which keeps copies.
const LOCAL = ['/js/feed-local.js', '/js/similar/score.js'];
const local = () => import(LOCAL[0]);
const keepLocal = () => LOCAL.map(async (f) => {
  if (navigator.serviceWorker?.controller && !(await caches.match(f))) fetch(f).catch(() => {});
});

export default async function feed(view) {
  let state = readQuery();
  let pending = null;
  let timer = 0;
  const results = h('div', {});
  const unreachable = h('p', { class: 'note', role: 'status' });
  const search = h('input', { type: 'search', id: 'feed-q', name: 'q', value: state.q, enterkeyhint: 'search', autocomplete: 'off', placeholder: t('feed.search') });
  const count = h('span', {});
  const filter = h('button', { type: 'button', class: 'btn', 'aria-haspopup': 'dialog' }, t('feed.filter'), count);
  // After a change, how many show is said aloud (WCAG 4.1.3); the first list is not.
  const show = (changed) => {
    pending?.abort();
    const { signal } = pending = new AbortController();
    count.textContent = filterCount(state) ? ` (${filterCount(state)})` : '';
    saveChoice(state);
    const list = ideaList(apiQuery(state), { signal, offline: () => local().then((m) => m.localFeed(state, user())) });
    clear(results, list);
    return list.loaded.then(() => changed && !signal.aborted && announce(tn('feed.shown', list.querySelectorAll('.ideas > li').length)));
  };
  // A choice in the sheet is a step in the history, a search is not.
  const write = (push) => {
    const q = `${pageQuery(state)}`;
    history[push ? 'pushState' : 'replaceState']({ feed: 1 }, '', q ? `/?${q}` : '/');
  };
  const update = (next, push) => {
    state = next;
    write(push);
    return show(true);
  };
  // A default sort follows the search (best match, or newest).
  const find = () => {
    clearTimeout(timer);
    const next = { ...state, q: search.value.trim() };
    if (next.q === state.q) return;
    if (state.sort === sortOf(state)) next.sort = sortOf(next);
    update(next);
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 300); });
  filter.addEventListener('click', () => import('../ui/feed-sheet.js')
    .then((m) => { unreachable.textContent = ''; return m.default(state, filter, (next) => update(next, true)); })
    .catch(() => { unreachable.textContent = t('offline.needs_network'); }));
  view.append(
    h('h1', { tabindex: '-1', text: t('feed.title') }),
    h('form', { class: 'feed-bar', role: 'search', onsubmit: (e) => { e.preventDefault(); find(); } },
      h('label', { for: 'feed-q', class: 'sr-only', text: t('feed.search') }), search, filter),
    unreachable, results);
  // The last choice, taken for a bare "/", goes into the URL too.
  write();
  await show();
  keepLocal();
  return () => { clearTimeout(timer); pending?.abort(); };
}
