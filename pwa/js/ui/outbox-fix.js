// Putting a held outbox entry right: edit a rejected one, or send a stale
// one as new. Both take a fresh key: the server may have remembered the
// rejected body under the old one, and a stale one's window has passed.
// Loaded on first use (LAZY in tests/e2e/pwa_shell.py); outbox-list.js
// fetches it ahead as soon as it shows such an entry.
import { h, uid, announce } from '../dom.js';
import { t } from '../i18n.js';
import { WAITING, notify, photosOf } from '../outbox/queue.js';
import { patchEntry } from '../outbox/store.js';
import { jsonRecord } from '../outbox/record.js';
import { ideaRecord, named } from '../outbox/writes.js';
import { kick } from '../outbox/sync.js';
import ideaForm from './idea-form.js';

// An idea's category; entries queued before meta kept it have it only in their fields.
const categoryOf = (e) => e.meta.category_id ?? e.record.form?.fields.find(([n]) => n === 'category_id')?.[1] ?? '';

// meta.photos, when given, are the idea's new photos; else the stored ones stay.
export function rebuild(entry, { photos, ...meta } = {}) {
  const key = crypto.randomUUID();
  const merged = { ...entry.meta, ...meta };
  // An edit form without the category question (its part not loaded offline) keeps the queued one.
  if (entry.kind === 'idea') merged.category_id = meta.category_id ?? categoryOf(entry);
  const { url, headers } = entry.record;
  let record;
  let stored;
  if (entry.kind === 'idea') {
    stored = photos && named(photos);
    record = ideaRecord({ ...merged, photos: stored || entry.record.form.files.map((f) => ({ id: f.photo, type: f.type })) }, key);
  } else if (entry.kind === 'comment') {
    record = jsonRecord('POST', url, { body: merged.body }, key);
  } else if (entry.kind === 'status') {
    // A merge is queued as a move to "merged" (ui/merge.js); its body names the other idea.
    const body = merged.into ? { into: merged.into, note: merged.note } : { status: merged.status, note: merged.note };
    record = jsonRecord('POST', url, body, key);
  } else {
    record = { ...entry.record, headers: { ...headers, 'Idempotency-Key': key } };
  }
  return { key, record, meta: merged, photos: stored };
}

// A new key (and record, meta, photos) starts a fresh window.
async function replace(seq, { photos, ...changes }) {
  const entry = await patchEntry(seq, (e) => Object.assign(e, changes, {
    state: WAITING, attempts: 0, nextAttemptAt: 0, error: null, sendId: null, createdAt: new Date().toISOString(),
  }), photos);
  if (entry) notify({ type: 'edited', seq });
}

async function save(entry, meta) {
  await replace(entry.seq, rebuild(entry, meta));
  announce(t('outbox.saved'));
  kick();
}

export const resend = (entry) => save(entry, {});

// done() is called when the form goes, saved or not.
export async function edit(entry, li, done) {
  const submit = (meta) => { done(); save(entry, meta); };
  const cancel = h('button', { type: 'button', class: 'btn link', text: t('common.cancel'), onclick: done });
  let form;
  if (entry.kind === 'idea') {
    const bodies = await photosOf(entry);
    const photos = entry.record.form.files.map((f) => bodies.get(f.photo)).filter(Boolean);
    form = ideaForm({ initial: { ...entry.meta, category_id: categoryOf(entry), photos }, submitLabel: t('outbox.save'), onSubmit: submit });
  } else {
    const field = entry.kind === 'comment' ? 'body' : 'note';
    const id = uid();
    const area = h('textarea', { id, rows: 3, required: true });
    area.value = entry.meta[field] || '';
    form = h('form', { class: 'stack' }, h('label', { for: id, text: t(`outbox.edit_${field}`) }), area,
      h('button', { type: 'submit', class: 'btn primary', text: t('outbox.save') }));
    form.addEventListener('submit', (e) => { e.preventDefault(); if (area.value.trim()) submit({ [field]: area.value.trim() }); });
  }
  li.append(form, cancel);
  form.querySelector('textarea')?.focus();
}
