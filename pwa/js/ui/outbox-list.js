// Everything still waiting to be sent, with its state: waiting, sending
// (with upload progress), waiting for sign-in, rejected with the server's
// reason and the choice to edit or discard, or held for being too old to
// replay safely, with the choice to send it as new or discard it.
import { h, clear, announce } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { entries, photosOf, subscribe, discard, WAITING, SENDING, NEEDS_SIGNIN, FAILED, STALE } from '../outbox/queue.js';
import { previewUrl } from '../photos.js';
import { user } from '../session.js';
import { waitingChip } from './status-chip.js';
import { ideaHeading, excerpt } from './idea-title.js';

const fix = () => import('./outbox-fix.js');

export default function outboxList() {
  const list = h('ul', { class: 'outbox' });
  const root = h('section', { id: 'outbox', tabindex: '-1', 'aria-labelledby': 'outbox-h', hidden: true },
    h('h2', { id: 'outbox-h', text: t('outbox.heading') }),
    h('p', { class: 'note', text: t('outbox.explain') }), list);
  const bars = new Map();
  // Photo bodies are read once, not on every repaint.
  const previews = new Map();
  let editing = null;

  async function paint() {
    if (editing) return; // never pull a form away from under the user's thumb
    const mine = (await entries()).filter((e) => e.user === user()?.id);
    for (const e of mine) {
      if (e.kind !== 'idea' || e.record.form.files.every((f) => previews.has(f.photo))) continue;
      for (const [id, body] of await photosOf(e)) if (body && !previews.has(id)) previews.set(id, previewUrl(body));
    }
    if (editing) return;
    root.hidden = !mine.length;
    bars.clear();
    clear(list, mine.map(item));
  }

  function item(entry) {
    const held = entry.state === FAILED || entry.state === STALE;
    if (held) fix().catch(() => {}); // fetched ahead while online
    const li = h('li', { class: ['card', 'outbox-item', held && 'failed'], 'data-kind': entry.kind });
    li.append(h('p', { class: 'meta' }, waitingChip(), ' ', h('strong', { text: t(`outbox.kind.${entry.kind}`) }), ' · ', formatDate(entry.createdAt)));
    li.append(describe(entry, previews));
    if (entry.state === SENDING) {
      const bar = h('progress', { max: 1, value: entry.progress || 0, 'aria-label': t('outbox.uploading') });
      bars.set(entry.seq, bar);
      li.append(h('p', { class: 'state', text: t('outbox.sending') }), bar);
    } else if (entry.state === WAITING) {
      li.append(h('p', { class: 'state', text: entry.attempts ? t('outbox.retrying') : t('outbox.state_waiting') }));
    } else if (entry.state === NEEDS_SIGNIN) {
      li.append(h('p', { class: 'state', text: t('outbox.needs_signin') }));
    } else if (held) {
      const stale = entry.state === STALE;
      li.append(h('p', { class: 'error', role: 'alert' }, stale ? t('outbox.stale') : `${t('outbox.rejected')} ${entry.error?.message || entry.error?.status || ''}`),
        h('div', { class: 'actions' },
          stale ? h('button', { type: 'button', class: 'btn primary', text: t('outbox.send_as_new'), onclick: () => fix().then((m) => m.resend(entry)) })
            : !/vote|edit/.test(entry.kind) ? h('button', { type: 'button', class: 'btn', text: t('outbox.edit'), onclick: () => edit(entry, li) }) : null,
          h('button', { type: 'button', class: 'btn danger', text: t('outbox.discard'), onclick: () => drop(entry) })));
    }
    return li;
  }

  async function drop(entry) {
    if (!confirm(t('outbox.discard_confirm'))) return;
    await discard(entry.seq);
    announce(t('outbox.discarded'));
  }

  function edit(entry, li) {
    editing = entry.seq;
    fix().then((m) => m.edit(entry, li, () => { editing = null; paint(); }));
  }

  const stop = subscribe((msg) => {
    if (msg?.type === 'progress' && bars.has(msg.seq)) bars.get(msg.seq).value = msg.fraction;
    else paint();
  });
  paint();
  return { el: root, destroy: () => { stop(); for (const url of previews.values()) URL.revokeObjectURL(url); } };
}

function describe(entry, previews) {
  const m = entry.meta;
  if (entry.kind === 'idea') {
    const files = entry.record.form.files;
    return h('div', {},
      h('p', { class: 'card-title', text: ideaHeading(m, 80) }),
      m.title ? h('p', { class: 'excerpt', text: excerpt(m.description, 140) }) : null,
      files.length ? h('ul', { class: 'photos small' }, files.map((f, i) => h('li', {},
        h('img', { src: previews.get(f.photo), alt: t('submit.photo_n', { n: i + 1 }), width: 56, height: 56 })))) : null);
  }
  const target = h('a', { href: `/ideas/${m.ideaId}`, text: m.title || t('outbox.an_idea') });
  if (entry.kind === 'vote') return h('p', {}, m.on ? t('outbox.vote_on') : t('outbox.vote_off'), ' ', target);
  if (entry.kind === 'comment') return h('p', {}, h('q', { text: m.body }), ' — ', target);
  if (entry.kind === 'edit') return h('p', {}, m.label, ' — ', target);
  return h('p', {}, t('outbox.status_to', { status: t(`status.${m.status}`) }), ' ', target);
}
