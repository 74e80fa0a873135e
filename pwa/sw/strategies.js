// Caching strategies. Only same-origin GET requests are ever cached.
import { VERSION, SHELL } from './shell.js';

const PREFIX = 'gnista-';
export const SHELL_CACHE = `${PREFIX}shell-${VERSION}`;
// Data outlives shell updates; bump its number when its format changes.
export const DATA_CACHE = `${PREFIX}data-1`;
export const PHOTO_CACHE = `${PREFIX}photos-1`;
// App files outside the precached shell (desk screens), kept once used.
export const LAZY_CACHE = `${PREFIX}lazy-${VERSION}`;
const KEEP = [SHELL_CACHE, DATA_CACHE, PHOTO_CACHE, LAZY_CACHE];
const MAX_PHOTOS = 300;
const NETWORK_TIMEOUT_MS = 6_000;

export async function precacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  // cache: 'reload' skips the HTTP cache, so a new version never stores old files.
  await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
}

export async function deleteOldCaches() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && !KEEP.includes(n)).map((n) => caches.delete(n)));
}

export function strategyFor(request) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return null;
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/')) return appShell;
  if (url.pathname.startsWith('/api/v1/photos/')) return photoCacheFirst;
  if (url.pathname.startsWith('/api/v1/')) return CACHED_API.some((p) => p.test(url.pathname)) ? networkFirst : null;
  if (SHELL.includes(url.pathname)) return shellCacheFirst;
  if (url.pathname === '/sw.js' || url.pathname.startsWith('/api/')) return null;
  return lazyNetworkFirst;
}

// What stays readable offline: who I am, the feeds and idea details.
const CACHED_API = [/^\/api\/v1\/me$/, /^\/api\/v1\/ideas$/, /^\/api\/v1\/ideas\/[^/]+$/, /^\/api\/v1\/notifications$/];

// Every route of the app is the same document.
async function appShell() {
  const cached = await caches.match('/index.html', { cacheName: SHELL_CACHE });
  return cached || fetch('/index.html');
}

async function shellCacheFirst({ request }) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
  return cached || fetch(request);
}

// Photos never change under an id, so a stored copy is as good as new.
async function photoCacheFirst({ request }) {
  const cache = await caches.open(PHOTO_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    trim(cache, MAX_PHOTOS);
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
  const cache = await caches.open(DATA_CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  network.catch(() => {}); // handled below; silences the unhandled rejection
  try {
    return await Promise.race([network, timeout(NETWORK_TIMEOUT_MS)]);
  } catch (err) {
    const cached = await cache.match(request);
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
