// Everything still waiting to be sent, with its state: waiting, sending
// (with upload progress), waiting for sign-in, or rejected with the
// server's reason and the choice to edit or discard.
import { h, clear, uid, announce } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { entries, subscribe, discard, replace, WAITING, SENDING, NEEDS_SIGNIN, FAILED } from '../outbox/queue.js';
import { rebuild } from '../outbox/writes.js';
import { kick } from '../outbox/sync.js';
import { previewUrl } from '../photos.js';
import { user } from '../session.js';
import ideaForm from './idea-form.js';
import { waitingChip } from './status-chip.js';
import { ideaHeading, excerpt } from './idea-title.js';

export default function outboxList() {
  const list = h('ul', { class: 'outbox' });
  const root = h('section', { id: 'outbox', tabindex: '-1', 'aria-labelledby': 'outbox-h', hidden: true },
    h('h2', { id: 'outbox-h', text: t('outbox.heading') }),
    h('p', { class: 'note', text: t('outbox.explain') }), list);
  const bars = new Map();
  let editing = null;

  async function paint() {
    if (editing) return; // never pull a form away from under the user's thumb
    const mine = (await entries()).filter((e) => e.user === user()?.id);
    root.hidden = !mine.length;
    bars.clear();
    clear(list, mine.map(item));
  }

  function item(entry) {
    const li = h('li', { class: ['card', 'outbox-item', entry.state === FAILED && 'failed'], 'data-kind': entry.kind });
    li.append(h('p', { class: 'meta' }, waitingChip(), ' ', h('strong', { text: t(`outbox.kind.${entry.kind}`) }), ' · ', formatDate(entry.createdAt)));
    li.append(describe(entry));
    if (entry.state === SENDING) {
      const bar = h('progress', { max: 1, value: entry.progress || 0, 'aria-label': t('outbox.uploading') });
      bars.set(entry.seq, bar);
      li.append(h('p', { class: 'state', text: t('outbox.sending') }), bar);
    } else if (entry.state === WAITING) {
      li.append(h('p', { class: 'state', text: entry.attempts ? t('outbox.retrying') : t('outbox.state_waiting') }));
    } else if (entry.state === NEEDS_SIGNIN) {
      li.append(h('p', { class: 'state', text: t('outbox.needs_signin') }));
    } else if (entry.state === FAILED) {
      li.append(h('p', { class: 'error', role: 'alert' }, `${t('outbox.rejected')} ${entry.error?.message || entry.error?.status || ''}`),
        h('div', { class: 'actions' },
          entry.kind !== 'vote' ? h('button', { type: 'button', class: 'btn', text: t('outbox.edit'), onclick: () => edit(entry, li) }) : null,
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
    const save = async (meta) => {
      editing = null;
      await replace(entry.seq, rebuild(entry, meta));
      announce(t('outbox.saved'));
      kick();
    };
    const cancel = h('button', { type: 'button', class: 'btn link', text: t('common.cancel'), onclick: () => { editing = null; paint(); } });
    let form;
    if (entry.kind === 'idea') {
      const photos = entry.record.form.files.map((f) => ({ data: f.data, type: f.type }));
      form = ideaForm({ initial: { ...entry.meta, photos }, submitLabel: t('outbox.save'), onSubmit: save });
    } else {
      const field = entry.kind === 'comment' ? 'body' : 'note';
      const id = uid();
      const area = h('textarea', { id, rows: 3, required: true });
      area.value = entry.meta[field] || '';
      form = h('form', { class: 'stack' }, h('label', { for: id, text: t(`outbox.edit_${field}`) }), area,
        h('button', { type: 'submit', class: 'btn primary', text: t('outbox.save') }));
      form.addEventListener('submit', (e) => { e.preventDefault(); if (area.value.trim()) save({ [field]: area.value.trim() }); });
    }
    li.append(form, cancel);
    form.querySelector('textarea')?.focus();
  }

  const stop = subscribe((msg) => {
    if (msg?.type === 'progress' && bars.has(msg.seq)) bars.get(msg.seq).value = msg.fraction;
    else paint();
  });
  paint();
  return { el: root, destroy: stop };
}

function describe(entry) {
  const m = entry.meta;
  if (entry.kind === 'idea') {
    const files = entry.record.form.files;
    return h('div', {},
      h('p', { class: 'card-title', text: ideaHeading(m, 80) }),
      m.title ? h('p', { class: 'excerpt', text: excerpt(m.description, 140) }) : null,
      files.length ? h('ul', { class: 'photos small' }, files.map((f, i) => h('li', {},
        h('img', { src: previewUrl(f), alt: t('submit.photo_n', { n: i + 1 }), width: 56, height: 56 })))) : null);
  }
  const target = h('a', { href: `/ideas/${m.ideaId}`, text: m.title || t('outbox.an_idea') });
  if (entry.kind === 'vote') return h('p', {}, m.on ? t('outbox.vote_on') : t('outbox.vote_off'), ' ', target);
  if (entry.kind === 'comment') return h('p', {}, h('q', { text: m.body }), ' — ', target);
  return h('p', {}, t('outbox.status_to', { status: t(`status.${m.status}`) }), ' ', target);
}
