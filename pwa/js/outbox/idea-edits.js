// The submitter's edits of their idea and following an idea, queued like
// every other write (writes.js); loaded with the idea screen's parts that make
// them, not with the app shell. All are kind 'edit': the outbox lists them by
// their meta.label, and while the idea itself is queued they wait for it.
import { enqueue, entries, discard, SENDING } from './queue.js';
import { jsonRecord, multipartRecord } from './record.js';
import { kick } from './sync.js';
import { editIdea, named } from './writes.js';

const summary = (idea) => idea.title || (idea.description || '').slice(0, 80);

async function queue(idea, record, meta, key, photos) {
  const entry = await enqueue({ kind: 'edit', key, record, photos, meta: { ideaId: idea.id, title: summary(idea), ...meta } });
  kick();
  return entry;
}

// { title, description }: the submitter's new words.
export const editText = (idea, text, label) => editIdea(idea, text, { text, label });

// photo: { data, type }, already downscaled (photos.js).
export function addPhoto(idea, photo, label) {
  const key = crypto.randomUUID();
  const stored = named([photo]);
  const record = multipartRecord(`/api/v1/ideas/${idea.id}/photos`, [],
    [{ name: 'photo', filename: 'photo.jpg', type: stored[0].type, photo: stored[0].id }], key);
  return queue(idea, record, { label, photoAdded: true }, key, stored);
}

export function removePhoto(idea, photo, label) {
  const key = crypto.randomUUID();
  return queue(idea, jsonRecord('DELETE', `/api/v1/ideas/${idea.id}/photos/${photo.id}`, undefined, key),
    { label, photoRemoved: photo.id }, key);
}

export async function follow(idea, on, label) {
  // A later choice supersedes one that has not left yet, as a vote does.
  for (const e of await entries()) {
    if (e.kind === 'edit' && e.meta.ideaId === idea.id && 'watch' in e.meta && e.state !== SENDING) await discard(e.seq);
  }
  const key = crypto.randomUUID();
  return queue(idea, jsonRecord(on ? 'PUT' : 'DELETE', `/api/v1/ideas/${idea.id}/watch`, undefined, key),
    { label, watch: on }, key);
}
