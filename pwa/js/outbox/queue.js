// The outbox queue: every write goes here first and leaves only when the
// server confirmed it. Shared by the page and the service worker, so it
// touches neither window nor document.
import { addEntry, allEntries, deleteEntry, getMeta, getPhotos, patchEntry, photoIds, setMeta } from './store.js';
import { owner } from '../owner.js';
import { AUTH, RETRY, SENT, classify, retryDelay } from './policy.js';
import { toWire } from './record.js';

export const CHANNEL = 'gnista-outbox';
export const SYNC_TAG = 'gnista-outbox';
const LOCK = 'gnista-outbox-flush';

// Entry states shown to the user.
export const WAITING = 'waiting';
export const SENDING = 'sending';
export const NEEDS_SIGNIN = 'signin';
export const FAILED = 'rejected';
export const STALE = 'stale';

const PARALLEL = 3;
const DAY = 86_400_000;

const local = new EventTarget();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

// Tell this context and every other tab/worker that the queue changed.
export function notify(detail = {}) {
  local.dispatchEvent(new CustomEvent('change', { detail }));
  channel?.postMessage(detail);
}

export function subscribe(fn) {
  const onLocal = (e) => fn(e.detail);
  const onRemote = (e) => fn(e.data);
  local.addEventListener('change', onLocal);
  channel?.addEventListener('message', onRemote);
  return () => {
    local.removeEventListener('change', onLocal);
    channel?.removeEventListener('message', onRemote);
  };
}

// Entries belong to who made them: on a shared phone, only the current
// owner's (owner.js) are sent; the others' stay.
export const currentUser = async () => (await owner()).id ?? undefined;

export const entries = async () => (await allEntries()).sort((a, b) => a.seq - b.seq);
export const photosOf = (entry) => getPhotos(photoIds(entry));

// Writes on one idea go in order, after the idea while it is queued (by its client id `ref`).
const ideaOf = (e) => (e.kind === 'idea' ? e.ref ?? e.key : e.meta.ideaId);

// The user's entries that may go next: the first queued write on each idea.
function heads(list, user) {
  const seen = new Set();
  return list.filter((e) => {
    const idea = ideaOf(e);
    if (e.user !== user || seen.has(idea)) return false;
    if (idea) seen.add(idea);
    return true;
  });
}

// The server keeps keys for `days` (/me; at least 30); an older entry is held,
// not replayed blind. A day's margin for a phone clock that is off.
export const rememberWindow = (days) => setMeta('idempotency-days', days);
const staleAfter = async () => ((await getMeta('idempotency-days')) || 30) * DAY - DAY;

// kind: idea | vote | comment | status; meta: what the UI shows; photos: [{ id, data, type }].
export async function enqueue({ kind, key, ref, record, meta = {}, photos }) {
  const entry = {
    key, kind, ref, record, meta,
    user: await currentUser(),
    createdAt: new Date().toISOString(),
    state: WAITING, attempts: 0, nextAttemptAt: 0, error: null,
  };
  entry.seq = await addEntry(entry, photos);
  notify({ type: 'queued', seq: entry.seq, kind });
  return entry;
}

// An idea takes the writes waiting for it along.
export async function discard(seq) {
  const list = await entries();
  const gone = list.find((e) => e.seq === seq);
  for (const e of list) {
    if (e === gone || (gone?.kind === 'idea' && ideaOf(e) === ideaOf(gone))) await deleteEntry(e.seq);
  }
  notify({ type: 'discarded', seq });
}

// Send what can go, PARALLEL at a time. `send(wire, onProgress)` resolves
// with {status, body, retryAfter} or throws on a network error. Returns the
// time of the next retry, or null when nothing waits for a timer.
export function flush(send, { force = false } = {}) {
  const run = () => drain(send, force);
  if (globalThis.navigator?.locks) {
    // One flush at a time across tabs and the service worker; look again shortly.
    return navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? run() : Date.now() + 5_000));
  }
  return run();
}

async function drain(send, force) {
  // Surely offline: wait for `online` instead of spending attempts and backoff.
  if (globalThis.navigator?.onLine === false) return null;
  const user = await currentUser();
  const limit = await staleAfter();
  const running = new Map();
  const tried = new Set();
  let signedOut = false;
  for (;;) {
    // Look again whenever a send ends: a sent idea frees the writes on it.
    for (const e of signedOut ? [] : heads(await entries(), user)) {
      if (running.size >= PARALLEL) break;
      if (tried.has(e.seq) || !(await mayGo(e, force, limit))) continue;
      tried.add(e.seq);
      running.set(e.seq, attempt(e, send).then((outcome) => {
        running.delete(e.seq);
        signedOut ||= outcome === AUTH; // the rest would meet the same 401
      }));
    }
    if (!running.size) break;
    await Promise.race(running.values());
  }
  const due = heads(await entries(), user).filter((e) => e.state === WAITING || e.state === SENDING);
  return signedOut || !due.length ? null : Math.max(Date.now(), Math.min(...due.map((e) => e.nextAttemptAt)));
}

async function mayGo(e, force, limit) {
  if (e.state === FAILED || e.state === STALE) return false;
  if (Date.now() - Date.parse(e.createdAt) > limit) {
    if (await patchEntry(e.seq, (x) => { x.state = STALE; })) notify({ type: STALE, seq: e.seq });
    return false;
  }
  // Forcing skips backoff, never the server's Retry-After (notBefore) nor sign-in.
  const now = Date.now();
  return e.state !== NEEDS_SIGNIN && !(e.notBefore > now) && (force || e.nextAttemptAt <= now);
}

async function attempt(entry, send) {
  // Unless someone changed the entry meanwhile (signed in again, say), the answer is kept.
  const sendId = crypto.randomUUID();
  const out = await patchEntry(entry.seq, (e) => Object.assign(e, { state: SENDING, progress: 0, sendId }));
  if (!out) return null;
  const { seq, kind, meta } = out;
  notify({ type: 'sending', seq });
  let result;
  try {
    result = await send(toWire(out.record, await photosOf(out)), (fraction) => notify({ type: 'progress', seq, fraction }));
  } catch {
    result = { status: 0 };
  }
  const body = parse(result.body);
  const error = body?.error;
  let outcome = classify(result.status, error?.code);
  // Sent: the server's JSON for this person, not a Wi-Fi login page.
  if (outcome === SENT && (!body || result.user !== String(out.user))) outcome = RETRY;
  if (outcome === SENT) {
    await deleteEntry(seq, kind === 'idea' && body?.id && { ref: ideaOf(out), id: body.id });
    notify({ type: 'sent', seq, kind, meta, body });
    return outcome;
  }
  const now = Date.now();
  const kept = await patchEntry(seq, (e) => {
    if (e.sendId !== sendId) return false;
    e.sendId = null;
    e.attempts += 1;
    e.lastAttemptAt = new Date(now).toISOString();
    e.state = outcome === RETRY ? WAITING : outcome === AUTH ? NEEDS_SIGNIN : FAILED;
    if (outcome === RETRY) e.nextAttemptAt = now + retryDelay(e.attempts, result.retryAfter);
    e.notBefore = result.retryAfter > 0 && e.nextAttemptAt;
    if (e.state === FAILED) e.error = { status: result.status, code: error?.code || null, message: error?.message || '' };
  });
  if (!kept) return null;
  notify({ type: outcome, seq });
  return outcome;
}

function parse(body) {
  try { return JSON.parse(body); } catch { return null; }
}

async function release(from, changes) {
  for (const { seq, state } of await entries()) {
    if (!from.includes(state)) continue;
    await patchEntry(seq, (e) => {
      if (!from.includes(e.state)) return false;
      Object.assign(e, { state: WAITING }, changes);
    });
  }
}

// After a reload or a crash, nothing is really in flight any more.
export const recover = () => release([SENDING]);

// After signing in again, writes that met a 401 may go; an old 401 still on its way is ignored.
export async function resumeAfterSignIn() {
  await release([NEEDS_SIGNIN, SENDING], { nextAttemptAt: 0, sendId: null });
  notify({ type: 'resumed' });
}
