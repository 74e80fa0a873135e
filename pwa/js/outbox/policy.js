// The retry policy, per status code: network errors, 408, 429 and 5xx are
// retried, 401 waits for sign-in, other 4xx but 409 idempotency_in_flight
// are final and shown with the reason.
export const SENT = 'sent';
export const RETRY = 'retry';
export const AUTH = 'auth';
export const REJECTED = 'rejected';

export function classify(status, code) {
  if (status >= 200 && status < 300) return SENT;
  if (status === 401) return AUTH;
  if (status === 0 || status === 408 || status === 429 || status >= 500) return RETRY;
  if (code === 'idempotency_in_flight') return RETRY;
  return REJECTED;
}

const BASE_MS = 5_000;
const MAX_MS = 10 * 60_000;

// Exponential backoff with jitter, so a whole shift's phones coming out of
// a basement do not all retry in the same second.
export function backoff(attempts, random = Math.random) {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

// Come back when the server said (Retry-After), else back off.
export const retryDelay = (attempts, retryAfter, random = Math.random) =>
  (retryAfter > 0 ? Math.min(MAX_MS, retryAfter * 1000) + random() * 500 : backoff(attempts, random));
