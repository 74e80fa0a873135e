// Similar ideas under the new idea's text, to vote for one instead. Asked of
// the server a moment after the typing stops (a newer question cancels an
// older one); offline, found among the ideas cached on this phone with the
// server's own score (../similar/score.js). Sending the new idea never waits
// for any of it. A part of its own, fetched when the form first opens.
import { h, uid, announce } from '../dom.js';
import { t, tn, loadPart } from '../i18n.js';
import { owner, dataCache } from '../owner.js';
import { vote } from '../outbox/writes.js';
import { ideaHeading } from './idea-title.js';
import statusChip from './status-chip.js';
import { rank, words } from '../similar/score.js';

const LIMIT = 5;
const MIN_WORDS = 3;
const QUIET_MS = 400;

// Every idea this phone has cached for its owner: feed pages and idea pages.
async function cachedIdeas() {
  const { id } = await owner();
  if (!id || !(await caches.has(dataCache(id)))) return [];
  const cache = await caches.open(dataCache(id));
  const found = new Map();
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!/^\/api\/v1\/ideas(\/[^/]+)?$/.test(path)) continue;
    const body = await (await cache.match(request))?.json().catch(() => null);
    for (const idea of body?.items || (body?.id ? [body] : [])) found.set(idea.id, { ...found.get(idea.id), ...idea });
  }
  return [...found.values()];
}

async function online(text, signal) {
  const query = new URLSearchParams({ text, limit: String(LIMIT) });
  const res = await fetch(`/api/v1/ideas/similar?${query}`, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new TypeError(String(res.status));
  return (await res.json()).items;
}

export default async function similarPart(form, navigate) {
  await loadPart('similar');
  const desc = form.querySelector('textarea[name="description"]');
  const title = form.querySelector('input[name="title"]');
  const headingId = uid();
  const list = h('ul', { class: 'similar-list stack' });
  const note = h('p', { class: 'note' });
  const section = h('section', { class: 'similar stack', 'aria-labelledby': headingId, hidden: true },
    h('h2', { id: headingId, text: t('similar.heading') }),
    h('p', { text: t('similar.intro') }), note, list);
  desc.closest('.field').after(section);

  let timer = 0;
  let asking = null;
  let shown = 0;

  function show(items, saved) {
    section.hidden = !items.length;
    note.textContent = saved ? t('similar.saved') : '';
    list.replaceChildren(...items.map((idea) => {
      const name = ideaHeading(idea);
      return h('li', { class: 'card' },
        h('p', { class: 'card-title', text: name }),
        h('p', { class: 'meta' }, statusChip(idea.status), ' ', tn('vote.count', idea.vote_count || 0)),
        h('button', { type: 'button', class: 'btn', 'aria-label': t('similar.vote_named', { title: name }), text: t('similar.vote'),
          onclick: async () => {
            await vote(idea, true);
            sessionStorage.setItem('gnista.flash', t(navigator.onLine ? 'similar.voted_online' : 'similar.voted_offline', { title: name }));
            navigate('/mine');
          } }));
    }));
    if (items.length && items.length !== shown) announce(tn('similar.found', items.length));
    shown = items.length;
  }

  async function look() {
    asking?.abort();
    const text = `${title.value} ${desc.value}`.trim();
    if (words(text).length < MIN_WORDS) { asking = null; show([], false); return; }
    const mine = asking = new AbortController();
    let items;
    let saved = !navigator.onLine;
    try {
      if (!saved) items = await online(text, mine.signal);
    } catch (err) {
      if (mine.signal.aborted) return;
      saved = true;
    }
    if (saved) items = rank(text, await cachedIdeas().catch(() => []), LIMIT);
    if (asking === mine) show(items, saved);
  }

  const later = () => { clearTimeout(timer); timer = setTimeout(look, QUIET_MS); };
  desc.addEventListener('input', later);
  title.addEventListener('input', later);
  form.addEventListener('submit', () => { clearTimeout(timer); asking?.abort(); });
  if (desc.value || title.value) later();
}
