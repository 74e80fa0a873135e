// A list of ideas from the API with "show more", or a saved copy offline.
// Its `loaded` promise settles once the first page (or why there is none) shows.
// `offline` may list what the phone keeps when the network cannot answer.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { overlayVotes } from './pending.js';
import ideaCard from './idea-card.js';

export default function ideaList(query, { empty = t('feed.empty'), card = ideaCard, offline, signal } = {}) {
  const list = h('ul', { class: 'ideas', 'aria-busy': 'true' });
  const more = h('button', { type: 'button', class: 'btn', text: t('feed.more'), hidden: true });
  const note = h('p', { class: 'note', role: 'status' });
  const root = h('div', {}, note, list, more);
  let cursor = null;

  const show = async (items, first) => {
    items = await overlayVotes(items);
    if (signal?.aborted) return;
    if (first) clear(list);
    for (const idea of items) list.append(h('li', {}, card(idea)));
  };

  async function load(first) {
    const params = new URLSearchParams(query);
    if (!first && cursor) params.set('cursor', cursor);
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/ideas?${params}`, { signal });
      await show(page.items, first);
      cursor = page.next_cursor;
      more.hidden = !cursor;
      note.textContent = list.children.length ? '' : empty;
    } catch (err) {
      if (signal?.aborted) return;
      const kept = first && isOffline(err) && offline ? await offline().catch(() => null) : null;
      if (kept) {
        await show(kept, true);
        note.textContent = t('feed.incomplete');
      } else note.textContent = isOffline(err) ? t('offline.nothing_saved') : `${t('error.load')} ${err.message}`;
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  more.addEventListener('click', () => load(false));
  root.loaded = load(true);
  return root;
}
