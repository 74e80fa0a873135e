// Who is signed in. Everything else asks here instead of calling /me.
// A work phone may pass between colleagues each shift: when the person
// changes, by whatever route, the previous person's copies go (owner.js),
// the page forgets what it fetched for them and push follows the new person.
import { api, isOffline, forget } from './api.js';
import { owner, switchOwner } from './owner.js';
import { rememberWindow } from './outbox/queue.js';
import * as push from './push.js';

let me = null;
export const user = () => me;
export const isHandler = () => me && (me.role === 'handler' || me.role === 'admin');

const KEY = 'gnista.me';

// Resolves with the user, null when signed out. Offline it falls back to
// the service worker's copy of /me, then to the last user seen here, but
// only while that person is still the phone's owner.
export async function load() {
  try {
    await set(await api('/me'));
  } catch (err) {
    // Only the server saying "signed out" signs out; a network or server
    // failure keeps the last user seen on this phone.
    if (err.status === 401) await set(null);
    else if (isOffline(err) || err.status >= 500) me = await lastSeen();
    else await set(null);
  }
  return me;
}

async function lastSeen() {
  const seen = JSON.parse(localStorage.getItem(KEY) || 'null');
  return seen && seen.id === (await owner()).id ? seen : null;
}

export async function set(user) {
  const before = JSON.parse(localStorage.getItem(KEY) || 'null')?.id ?? null;
  const next = user?.id ?? null;
  me = user;
  if (user) localStorage.setItem(KEY, JSON.stringify(user)); else localStorage.removeItem(KEY);
  await switchOwner(next);
  // The outbox holds writes older than the server's key window.
  if (user?.idempotency_days) await rememberWindow(user.idempotency_days);
  // Answers fetched ahead for the previous person must not reach this one's screens;
  // with nobody before, what was fetched ahead came with this person's own cookie.
  if (before !== null && before !== next) forget();
  await push.follow(next, { previous: before });
}

export async function signOut() {
  // While still signed in, so the server forgets this phone's subscription at once.
  await push.follow(null, { previous: me?.id ?? null });
  try { await api('/session', { method: 'DELETE' }); } catch { /* signed out locally anyway */ }
  await set(null);
}
