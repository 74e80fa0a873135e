// Whose data this phone holds: the one rule for a work phone shared per shift.
// Every cached API answer and photo belongs to one person and lives in a cache
// named for them; only the current owner's caches exist. The owner is kept in
// IndexedDB, so the page and the service worker read the same answer, and it
// changes whenever the person does (sign-in as someone else, an invitation,
// a 401, sign-out): then everyone else's caches are deleted at once.
// Shared by the page and the service worker: touches neither window nor document.
import { promisify, transact } from './idb.js';
import { database } from './outbox/db.js';

// The server names the person each API answer belongs to (server/auth/answer_owner.py).
export const USER_HEADER = 'X-Gnista-User';

// Bump when the format of what is cached changes; older caches are then deleted.
const FORMAT = 2;
const PERSONAL = /^gnista-(data|photos)-/;
export const dataCache = (id) => `gnista-data-${FORMAT}-${id}`;
export const photoCache = (id) => `gnista-photos-${FORMAT}-${id}`;
const ownedBy = (name, id) => id != null && (name === dataCache(id) || name === photoCache(id));

const KEY = 'owner';
const NOBODY = { id: null, token: 'nobody' };

// { id, token }: id is the owner's user id or null; token changes with every
// switch, so a request can tell that the person changed while it was in flight.
export async function owner() {
  const record = await transact(await database(), ['meta'], 'readonly', (s) => promisify(s.get(KEY)));
  return record || NOBODY;
}

// Make `id` (null: nobody) the owner. With `ifToken`, only when the owner is
// still the one that token names (a late answer to a request made before a
// switch must not switch back). Resolves true when the owner changed.
export async function switchOwner(id, { ifToken } = {}) {
  const next = id ?? null;
  const changed = await transact(await database(), ['meta'], 'readwrite', async (s) => {
    const now = (await promisify(s.get(KEY))) || NOBODY;
    if (ifToken !== undefined && now.token !== ifToken) return false;
    if (now.id === next) return false;
    await promisify(s.put({ id: next, token: crypto.randomUUID() }, KEY));
    return true;
  });
  await forgetOthers();
  return changed;
}

// Delete every cached answer and photo that is not the current owner's.
export async function forgetOthers() {
  if (typeof caches === 'undefined') return;
  const { id } = await owner();
  const names = await caches.keys();
  await Promise.all(names.filter((n) => PERSONAL.test(n) && !ownedBy(n, id)).map((n) => caches.delete(n)));
}
