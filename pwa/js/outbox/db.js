// The IndexedDB schema of the offline outbox. Bump VERSION and extend
// upgrade() for every change; never edit an earlier step.
import { openDb } from '../idb.js';

const NAME = 'gnista';
const VERSION = 3;

function upgrade(db, oldVersion, tx) {
  if (oldVersion < 1) {
    // Auto-increment keys keep entries in the order they were made (FIFO).
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('key', 'key', { unique: true });
    db.createObjectStore('meta');
  }
  if (oldVersion === 1) {
    // The outbox's own record of the signed-in user gave way to the phone's
    // owner (owner.js), which the page and the service worker share.
    tx.objectStore('meta').delete('user');
  }
  if (oldVersion < 3) {
    // Photo bodies by photo id, apart from the entries: a change of state
    // rewrites bytes, not megabytes. Entries queued before move theirs across.
    const photos = db.createObjectStore('photos');
    if (oldVersion >= 1) movePhotosOut(tx.objectStore('outbox'), photos);
  }
}

function movePhotosOut(outbox, photos) {
  outbox.openCursor().onsuccess = (event) => {
    const cursor = event.target.result;
    if (!cursor) return;
    const entry = cursor.value;
    if (entry.kind === 'idea') {
      entry.ref = entry.key;
      for (const file of entry.record.form.files) {
        file.photo = crypto.randomUUID();
        photos.put({ data: file.data, type: file.type }, file.photo);
        delete file.data;
      }
      cursor.update(entry);
    }
    cursor.continue();
  };
}

let opening;
export function database() {
  opening ??= openDb(NAME, VERSION, upgrade).then((db) => {
    db.addEventListener('close', () => { opening = undefined; });
    db.addEventListener('versionchange', () => { opening = undefined; });
    return db;
  });
  return opening;
}
