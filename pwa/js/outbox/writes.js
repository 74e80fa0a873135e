// The writes the app makes, each turned into a queued record with its own
// idempotency key. Screens call these and never fetch() a write themselves.
import { enqueue, entries, discard, SENDING } from './queue.js';
import { jsonRecord, multipartRecord } from './record.js';
import { kick } from './sync.js';

const newKey = () => crypto.randomUUID();

// photos: [{ id, type }] naming bodies in the outbox's photo store.
export function ideaRecord({ title, description, anonymous, category_id: c, photos }, key) {
  const fields = [['description', description], ['anonymous', anonymous ? 'true' : 'false']];
  if (title) fields.unshift(['title', title]);
  if (c) fields.push(['category_id', c]);
  const files = photos.map((p, i) => ({ name: 'photo', filename: `photo-${i + 1}.jpg`, type: p.type || 'image/jpeg', photo: p.id }));
  return multipartRecord('/api/v1/ideas', fields, files, key);
}

// Give photos ({ data, type }, already downscaled) ids in the photo store.
export const named = (photos) => photos.map(({ data, type }) => ({ id: newKey(), data, type: type || 'image/jpeg' }));

// Resolves with the entry; its `ref` is the idea's id for later writes
// (vote, comment) until the server gives it its own.
export async function submitIdea({ photos, ...idea }) {
  const key = newKey();
  const stored = named(photos);
  const entry = await enqueue({
    kind: 'idea', key, ref: newKey(), record: ideaRecord({ ...idea, photos: stored }, key), photos: stored,
    meta: { title: idea.title || '', description: idea.description, anonymous: !!idea.anonymous, category_id: idea.category_id || '' },
  });
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

// Queued as a move to "merged" (ui/outbox-fix.js).
export async function mergeIdea(idea, into, note) {
  const key = newKey();
  const entry = await enqueue({
    kind: 'status', key,
    record: jsonRecord('POST', `/api/v1/ideas/${idea.id}/merge`, { into: into.id, note }, key),
    meta: { ideaId: idea.id, status: 'merged', note, from: idea.status, into: into.id, title: summary(idea) },
  });
  kick();
  return entry;
}

// A handler's edit of an idea's fields (its category); meta says what the screen shows meanwhile.
export async function editIdea(idea, body, meta) {
  const key = newKey();
  const entry = await enqueue({
    kind: 'edit', key,
    record: jsonRecord('PATCH', `/api/v1/ideas/${idea.id}`, body, key),
    meta: { ideaId: idea.id, title: summary(idea), ...meta },
  });
  kick();
  return entry;
}

const summary = (idea) => idea.title || (idea.description || '').slice(0, 80);
