// JSON calls to /api/v1. Unsafe methods carry X-Requested-With, which the
// server requires instead of CSRF tokens (tokens could expire in the queue).
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const isOffline = (err) => err instanceof TypeError || err?.status === 0;

const early = new Map();

// Start a GET that a screen is about to make, so that it runs alongside
// others instead of after them; the screen's own api() call takes it over.
// Only what the same screen asks for at once: forget() drops the rest, so a
// response fetched for one user is never shown to the next.
export function prefetch(path) {
  const response = fetch(`/api/v1${path}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  response.catch(() => {}); // the taker sees the failure; nobody else should
  early.set(path, response);
}

export const forget = () => early.clear();

export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Requested-With'] = 'gnista';
  const init = { method, headers, credentials: 'same-origin', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const started = method === 'GET' ? early.get(path) : undefined;
  if (started) early.delete(path);
  const res = await (started || fetch(`/api/v1${path}`, init));
  // The service worker marks an answer from its saved copy; any other answer
  // is fresh from the server, and the "saved copy" banner can go.
  const cachedAt = res.headers.get('X-Gnista-Cached');
  if (cachedAt) dispatchEvent(new CustomEvent('gnista:stale', { detail: cachedAt }));
  else if (res.ok && method === 'GET') dispatchEvent(new CustomEvent('gnista:fresh'));
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) dispatchEvent(new CustomEvent('gnista:unauthorized'));
    throw new ApiError(res.status, data?.error?.code, data?.error?.message || res.statusText);
  }
  return data;
}
