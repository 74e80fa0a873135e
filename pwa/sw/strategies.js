// Caching strategies. Only same-origin GET requests are ever cached; API
// answers and photos only in their owner's caches (../js/owner.js).
import { VERSION, SHELL } from './shell.js';
import { USER_HEADER, dataCache, forgetOthers, owner, photoCache, switchOwner } from '../js/owner.js';

const PREFIX = 'gnista-';
export const SHELL_CACHE = `${PREFIX}shell-${VERSION}`;
// App files outside the precached shell (desk screens), kept once used.
export const LAZY_CACHE = `${PREFIX}lazy-${VERSION}`;
const KEEP = [SHELL_CACHE, LAZY_CACHE];
const PERSONAL = /^gnista-(data|photos)-/;
const MAX_PHOTOS = 300;
const NETWORK_TIMEOUT_MS = 6_000;

export async function precacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  // cache: 'reload' skips the HTTP cache, so a new version never stores old files.
  await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
}

export async function deleteOldCaches() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && !PERSONAL.test(n) && !KEEP.includes(n))
    .map((n) => caches.delete(n)));
  await forgetOthers();
}

export function strategyFor(request) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  if (request.method !== 'GET') return SESSION_CHANGES.some((p) => p.test(`${request.method} ${url.pathname}`)) ? observed : null;
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/')) return appShell;
  if (url.pathname.startsWith('/api/v1/photos/')) return photoCacheFirst;
  if (url.pathname.startsWith('/api/v1/')) return CACHED_API.some((p) => p.test(url.pathname)) && !url.searchParams.has('q') ? networkFirst : null;
  if (SHELL.includes(url.pathname)) return shellCacheFirst;
  if (url.pathname === '/sw.js' || url.pathname.startsWith('/api/')) return null;
  return lazyNetworkFirst;
}

// What stays readable offline: who I am, the feeds and idea details, the categories,
// a handler's units (for filtering the kept feed by unit, js/feed-local.js); not
// similar ideas nor searches (q; feed-local.js searches the kept pages): one
// answer per text typed would only fill the cache.
const CACHED_API = [/^\/api\/v1\/(me|ideas|notifications|units|categories)$/, /^\/api\/v1\/ideas\/(?!similar$)[^/]+$/];

// The answers that change who is signed in: sign-in, an invitation, sign-out.
const SESSION_CHANGES = [/^POST \/api\/v1\/session$/, /^POST \/api\/v1\/invitations\/[^/]+\/redeem$/, /^DELETE \/api\/v1\/session$/];

// Learn who the server says an answer is for, and switch the phone's owner
// to them: the server's word, not the page's, decides whose copies may be
// read, even before the page has asked /me. An answer to a request sent
// before the owner last changed says nothing about the person now.
async function learn(request, response, before) {
  const signedOut = response.status === 401 || (request.method === 'DELETE' && response.ok);
  const id = signedOut ? null : response.headers.get(USER_HEADER);
  if (signedOut || id) await switchOwner(id, { ifToken: before.token });
}

async function observed({ request }) {
  const before = await owner();
  const response = await fetch(request);
  await learn(request, response, before);
  return response;
}

// Keep a copy of an answer in its owner's cache, if that person is the
// phone's owner now; a switch during the put deletes it again.
async function keep(cacheName, request, response) {
  const id = response.headers.get(USER_HEADER);
  const now = await owner();
  if (!id || id !== now.id) return null;
  const cache = await caches.open(cacheName(id));
  await cache.put(request, response.clone());
  if ((await owner()).token !== now.token) await forgetOthers();
  return cache;
}

// Every route of the app is the same document.
async function appShell() {
  const cached = await caches.match('/index.html', { cacheName: SHELL_CACHE });
  return cached || fetch('/index.html');
}

async function shellCacheFirst({ request }) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
  return cached || fetch(request);
}

// The current owner's copy of a request, or nothing: never another person's,
// and never anyone's while nobody is known to be signed in.
async function ownCopy(cacheName, request, current) {
  if (!current.id || !(await caches.has(cacheName(current.id)))) return undefined;
  const cached = await (await caches.open(cacheName(current.id))).match(request);
  return cached?.headers.get(USER_HEADER) === current.id ? cached : undefined;
}

// Photos never change under an id, so a stored copy is as good as new.
async function photoCacheFirst({ request }) {
  const before = await owner();
  const cached = await ownCopy(photoCache, request, before);
  if (cached) return cached;
  const response = await fetch(request);
  await learn(request, response, before);
  if (response.ok) {
    const cache = await keep(photoCache, request, response);
    if (cache) trim(cache, MAX_PHOTOS);
  }
  return response;
}

async function trim(cache, max) {
  const keys = await cache.keys();
  // Keys come back in insertion order: drop the oldest.
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((k) => cache.delete(k)));
}

// Fresh when the network answers in time; otherwise the last copy, marked
// with X-Gnista-Cached so the page can say it is showing saved data.
async function networkFirst({ request }) {
  const before = await owner();
  const network = fetch(request).then(async (response) => {
    await learn(request, response, before);
    if (response.ok) await keep(dataCache, request, response);
    // Hidden (reports) or gone: not kept offline either.
    else if (response.status === 404 && before.id) await (await caches.open(dataCache(before.id))).delete(request);
    return response;
  });
  network.catch(() => {}); // handled below; silences the unhandled rejection
  try {
    return await Promise.race([network, timeout(NETWORK_TIMEOUT_MS)]);
  } catch (err) {
    // Asked now, not before the request: the owner may have changed meanwhile.
    const cached = await ownCopy(dataCache, request, await owner());
    if (!cached) return network;
    const headers = new Headers(cached.headers);
    headers.set('X-Gnista-Cached', cached.headers.get('Date') || 'yes');
    return new Response(cached.body, { status: cached.status, headers });
  }
}

// Current when online; the copy from the last use when not.
async function lazyNetworkFirst({ request }) {
  const cache = await caches.open(LAZY_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    return (await cache.match(request)) || Promise.reject(err);
  }
}

const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
