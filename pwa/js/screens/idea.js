// One idea: photos, description, votes, status history and comments.
import { h, clear, uid, announce } from '../dom.js';
import { t, tn, formatDate } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { subscribe } from '../outbox/queue.js';
import { comment } from '../outbox/writes.js';
import { pendingFor, withPendingVote } from '../ui/pending.js';
import statusChip, { waitingChip } from '../ui/status-chip.js';
import voteButton from '../ui/vote-button.js';
import { ideaHeading } from '../ui/idea-title.js';

export default async function ideaScreen(view, { params }) {
  const body = h('div', {});
  view.append(body);

  async function load() {
    let idea;
    try {
      idea = await api(`/ideas/${params.id}`);
    } catch (err) {
      clear(body, h('h1', { tabindex: '-1', text: t('idea.heading') }),
        h('p', { class: 'error', role: 'alert', text: isOffline(err) ? t('offline.nothing_saved') : `${t('error.load')} ${err.message}` }));
      return;
    }
    const pending = await pendingFor(idea.id);
    idea = withPendingVote(idea, pending);
    clear(body, ...render(idea, pending));
  }

  function render(idea, pending) {
    const statusPending = pending.filter((e) => e.kind === 'status').pop();
    return [
      h('h1', { tabindex: '-1', text: ideaHeading(idea, 80) }),
      h('p', { class: 'meta' }, statusChip(idea.status),
        statusPending ? [' → ', statusChip(statusPending.meta.status), ' ', waitingChip()] : null),
      idea.photos.length ? gallery(idea.photos) : null,
      h('p', { class: 'description', text: idea.description }),
      h('p', { class: 'meta' },
        idea.submitter ? t('idea.by', { name: idea.submitter.display_name }) : t('idea.anonymous'),
        ` · ${idea.unit?.name || ''} · `, idea.category ? `${idea.category.name} · ` : '', h('time', { datetime: idea.created_at, text: formatDate(idea.created_at) })),
      idea.can_vote ? voteButton(idea) : h('p', { class: 'meta', text: tn('vote.count', idea.vote_count) }),
      handling(idea, pending, statusPending),
      history(idea.history || []),
      comments(idea, pending.filter((e) => e.kind === 'comment')),
    ];
  }

  // Following, reporting and a handler's tools load after drawing, outside the app shell.
  function handling(idea, pending, statusPending) {
    const slot = h('div', { class: 'stack' });
    import('../ui/idea-more.js').then((m) => m.default(slot, idea, { pending, statusPending, onQueued: load }), () => {});
    return slot;
  }

  // Each thumbnail links to its photo (so it still works without the app's
  // script), and a tap opens it full screen inside the app.
  function gallery(photos) {
    return h('ul', { class: 'gallery' }, photos.map((p, i) => h('li', {},
      h('a', { href: p.url || `/api/v1/photos/${p.id}?size=full`,
        onclick: (event) => { event.preventDefault(); openViewer(photos, i, event.currentTarget); } },
      h('img', { src: p.thumb_url || `/api/v1/photos/${p.id}?size=thumb`, alt: t('idea.photo_n', { n: i + 1 }), width: p.width, height: p.height, loading: 'lazy' })))));
  }

  // The viewer is loaded at the first tap (it is not in the app shell); should
  // that fail, the link does what it would have done.
  function openViewer(photos, i, link) {
    import('../ui/photo-viewer.js').then((m) => m.default(photos, i, link), () => location.assign(link.href));
  }

  function history(items) {
    return h('section', { 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h', text: t('idea.history') }),
      h('ol', { class: 'history' }, items.map((x) => h('li', {},
        h('p', {}, statusChip(x.to_status), ' ', h('time', { datetime: x.created_at, text: formatDate(x.created_at) }),
          x.actor ? ` · ${x.actor.display_name}` : ''),
        x.note ? h('p', { class: 'note-text', text: x.note }) : null))));
  }

  function comments(idea, waiting) {
    const id = uid();
    // The submitter of an anonymous idea is told before writing that the comment stays anonymous too.
    const hint = idea.anonymous && idea.is_mine ? h('p', { id: `${id}-hint`, class: 'meta', text: t('comment.anonymous_hint') }) : null;
    const area = h('textarea', { id, rows: 3, maxlength: 2000, required: true, ...(hint ? { 'aria-describedby': hint.id } : {}) });
    const form = h('form', { class: 'stack' }, h('label', { for: id, text: t('comment.write') }), area, hint,
      h('button', { type: 'submit', class: 'btn primary', text: t('comment.send') }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = area.value.trim();
      if (!text) { area.focus(); return; }
      await comment(idea, text);
      announce(t('comment.queued'));
      load();
    });
    return h('section', { 'aria-labelledby': 'com-h' },
      h('h2', { id: 'com-h', text: tn('comment.count', (idea.comments || []).length) }),
      h('ul', { class: 'comments' },
        (idea.comments || []).map((c) => h('li', {}, h('p', { class: 'meta' }, h('strong', { text: c.author?.display_name || (c.by_submitter ? t('comment.by_submitter') : '') }), ' · ',
          h('time', { datetime: c.created_at, text: formatDate(c.created_at) })), h('p', { text: c.body }))),
        waiting.map((e) => h('li', { class: 'pending' }, h('p', { class: 'meta' }, waitingChip()), h('p', { text: e.meta.body })))),
      form);
  }

  // Reload when one of this idea's writes reached the server.
  const stop = subscribe((msg) => { if (msg?.type === 'sent' && msg.meta?.ideaId === params.id) load(); });
  await load();
  return stop;
}
