// The writes the app makes, each turned into a queued record with its own
// idempotency key. Screens call these and never fetch() a write themselves.
import { enqueue, entries, discard, SENDING } from './queue.js';
import { jsonRecord, multipartRecord } from './record.js';
import { kick } from './sync.js';

const newKey = () => crypto.randomUUID();

// photos: [{ data: ArrayBuffer, type }] already downscaled.
export function ideaRecord({ title, description, anonymous, photos }, key) {
  const fields = [['description', description], ['anonymous', anonymous ? 'true' : 'false']];
  if (title) fields.unshift(['title', title]);
  const files = photos.map((p, i) => ({ name: 'photo', filename: `photo-${i + 1}.jpg`, type: p.type || 'image/jpeg', data: p.data }));
  return multipartRecord('/api/v1/ideas', fields, files, key);
}

export async function submitIdea(idea) {
  const key = newKey();
  const entry = await enqueue({ kind: 'idea', key, record: ideaRecord(idea, key), meta: { title: idea.title || '', description: idea.description, anonymous: !!idea.anonymous } });
  kick();
  return entry;
}

export async function vote(idea, on) {
  // A later vote on the same idea supersedes one that has not left yet.
  for (const e of await entries()) {
    if (e.kind === 'vote' && e.meta.ideaId === idea.id && e.state !== SENDING) await discard(e.seq);
  }
  const key = newKey();
  const entry = await enqueue({
    kind: 'vote', key,
    record: jsonRecord(on ? 'PUT' : 'DELETE', `/api/v1/ideas/${idea.id}/vote`, undefined, key),
    meta: { ideaId: idea.id, on, title: summary(idea) },
  });
  kick();
  return entry;
}

export async function comment(idea, body) {
  const key = newKey();
  const entry = await enqueue({
    kind: 'comment', key,
    record: jsonRecord('POST', `/api/v1/ideas/${idea.id}/comments`, { body }, key),
    meta: { ideaId: idea.id, body, title: summary(idea) },
  });
  kick();
  return entry;
}

export async function changeStatus(idea, status, note) {
  const key = newKey();
  const entry = await enqueue({
    kind: 'status', key,
    record: jsonRecord('POST', `/api/v1/ideas/${idea.id}/status`, { status, note }, key),
    meta: { ideaId: idea.id, status, note, from: idea.status, title: summary(idea) },
  });
  kick();
  return entry;
}

// Rebuild the record after the user edited a rejected entry; a fresh key,
// since the server may have remembered the rejected body under the old one.
export function rebuild(entry, meta) {
  const key = newKey();
  const merged = { ...entry.meta, ...meta };
  let record;
  if (entry.kind === 'idea') {
    const photos = entry.record.form.files.map((f) => ({ data: f.data, type: f.type }));
    record = ideaRecord({ ...merged, photos }, key);
  } else if (entry.kind === 'comment') {
    record = jsonRecord('POST', entry.record.url, { body: merged.body }, key);
  } else if (entry.kind === 'status') {
    record = jsonRecord('POST', entry.record.url, { status: merged.status, note: merged.note }, key);
  } else {
    record = { ...entry.record, headers: { ...entry.record.headers, 'Idempotency-Key': key } };
  }
  return { key, record, meta: merged };
}

const summary = (idea) => idea.title || (idea.description || '').slice(0, 80);
