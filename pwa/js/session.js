// Who is signed in. Everything else asks here instead of calling /me.
import { api, isOffline } from './api.js';
import { setCurrentUser } from './outbox/queue.js';

let me = null;
export const user = () => me;
export const isHandler = () => me && (me.role === 'handler' || me.role === 'admin');

const KEY = 'gnista.me';

// Resolves with the user, null when signed out. Offline it falls back to
// the service worker's copy of /me, then to the last user seen here.
export async function load() {
  try {
    await set(await api('/me'));
  } catch (err) {
    // Only the server saying "signed out" signs out; a network or server
    // failure keeps the last user seen on this phone.
    if (err.status === 401) await set(null);
    else if (isOffline(err) || err.status >= 500) me = JSON.parse(localStorage.getItem(KEY) || 'null');
    else await set(null);
  }
  return me;
}

export async function set(user) {
  me = user;
  if (user) localStorage.setItem(KEY, JSON.stringify(user)); else localStorage.removeItem(KEY);
  await setCurrentUser(user ? user.id : undefined);
}

export async function signOut() {
  try { await api('/session', { method: 'DELETE' }); } catch { /* signed out locally anyway */ }
  await set(null);
  // A work phone may be shared per shift: forget what this person saw.
  for (const name of await caches.keys()) {
    if (name.startsWith('gnista-data') || name.startsWith('gnista-photos')) await caches.delete(name);
  }
}
