// The store of queued entries and, written once apart from them, their
// photos. An entry is only removed after the server confirmed it.
import { promisify, transact } from '../idb.js';
import { database } from './db.js';

const run = async (names, mode, fn) => transact(await database(), names, mode, fn);
const BOTH = ['outbox', 'photos'];
const putPhotos = (p, photos = []) => photos.forEach(({ id, data, type }) => p.put({ data, type }, id));
export const photoIds = (entry) => (entry.record.form?.files || []).map((f) => f.photo).filter(Boolean);

// photos: [{ id, data, type }], written with the entry.
export const addEntry = (entry, photos) => run(BOTH, 'readwrite', (s, p) => {
  putPhotos(p, photos);
  return promisify(s.add(entry));
});

export const allEntries = () => run(['outbox'], 'readonly', (s) => promisify(s.getAll()));

// Change an entry in one transaction (change() returns false to leave it);
// resolves with it, or null. `photos` replace its photos.
export const patchEntry = (seq, change, photos) => run(photos ? BOTH : ['outbox'], 'readwrite', async (s, p) => {
  const entry = await promisify(s.get(seq));
  if (!entry) return null;
  const before = photoIds(entry);
  if (change(entry) === false) return null;
  if (photos) {
    putPhotos(p, photos);
    const kept = photoIds(entry);
    before.filter((id) => !kept.includes(id)).forEach((id) => p.delete(id));
  }
  s.put(entry);
  return entry;
});

// created: { ref, id }, the queued idea `ref` is now `id` for later writes.
export const deleteEntry = (seq, created) => run(BOTH, 'readwrite', async (s, p) => {
  const entry = await promisify(s.get(seq));
  if (entry) photoIds(entry).forEach((id) => p.delete(id));
  s.delete(seq);
  if (!created) return;
  for (const other of await promisify(s.getAll())) {
    if (other.meta?.ideaId !== created.ref) continue;
    other.meta.ideaId = created.id;
    other.record.url = other.record.url.replace(created.ref, created.id);
    s.put(other);
  }
});

// Map of photo id to { data, type }.
export const getPhotos = (ids) => run(['photos'], 'readonly', (p) =>
  Promise.all(ids.map(async (id) => [id, await promisify(p.get(id))])).then((pairs) => new Map(pairs)));

export const getMeta = (key) => run(['meta'], 'readonly', (s) => promisify(s.get(key)));
export const setMeta = (key, value) => run(['meta'], 'readwrite', (s) => promisify(s.put(value, key)));
