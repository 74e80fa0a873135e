// The outbox queue: every write goes here first and leaves only when the
// server confirmed it. Shared by the page and the service worker, so it
// touches neither window nor document.
import { addEntry, allEntries, deleteEntry, getEntry, putEntry } from './store.js';
import { owner } from '../owner.js';
import { AUTH, REJECTED, RETRY, SENT, backoff, classify } from './policy.js';
import { toWire } from './record.js';

export const CHANNEL = 'gnista-outbox';
export const SYNC_TAG = 'gnista-outbox';
const LOCK = 'gnista-outbox-flush';

// Entry states shown to the user.
export const WAITING = 'waiting';
export const SENDING = 'sending';
export const NEEDS_SIGNIN = 'signin';
export const FAILED = 'rejected';

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

// Entries belong to the user who made them: on a shared work phone the next
// person's session must never send someone else's writes. Who that is, is
// the phone's current owner (owner.js); the entries stay when it changes.
export const currentUser = async () => (await owner()).id ?? undefined;

export async function entries() {
  const list = await allEntries();
  return list.sort((a, b) => a.seq - b.seq);
}

// kind: idea | vote | comment | status; meta: what the UI needs to show it.
export async function enqueue({ kind, key, record, meta = {} }) {
  const entry = {
    key, kind, record, meta,
    user: await currentUser(),
    createdAt: new Date().toISOString(),
    state: WAITING, attempts: 0, nextAttemptAt: 0, error: null,
  };
  entry.seq = await addEntry(entry);
  notify({ type: 'queued', seq: entry.seq, kind });
  return entry;
}

export async function discard(seq) {
  await deleteEntry(seq);
  notify({ type: 'discarded', seq });
}

// Replace an entry (e.g. after the user edited a rejected one).
export async function replace(seq, changes) {
  const entry = await getEntry(seq);
  if (!entry) return null;
  Object.assign(entry, changes, { state: WAITING, attempts: 0, nextAttemptAt: 0, error: null });
  await putEntry(entry);
  notify({ type: 'edited', seq });
  return entry;
}

// Send what can be sent, in order. `send(wire, onProgress)` resolves with
// {status, body, retryAfter} or throws on a network error. Returns the time
// of the next retry, or null when nothing waits for a timer.
export async function flush(send, { force = false } = {}) {
  const run = () => drain(send, force);
  if (globalThis.navigator?.locks) {
    // One flush at a time across tabs and the service worker.
    // When another context is flushing, look again shortly in case it stops early.
    return navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? run() : Date.now() + 5_000));
  }
  return run();
}

async function drain(send, force) {
  const user = await currentUser();
  for (const entry of await entries()) {
    if (entry.user !== user || entry.state === FAILED) continue;
    if (entry.state === NEEDS_SIGNIN && !force) continue;
    if (!force && entry.nextAttemptAt > Date.now()) return entry.nextAttemptAt;
    const outcome = await attempt(entry, send);
    // Keep the order: when one write cannot go now, later ones wait with it.
    if (outcome === RETRY) return entry.nextAttemptAt;
    if (outcome === AUTH) return null;
  }
  return null;
}

async function attempt(entry, send) {
  entry.state = SENDING;
  entry.progress = 0;
  await putEntry(entry);
  notify({ type: 'sending', seq: entry.seq });
  let result;
  try {
    result = await send(toWire(entry.record), (fraction) => {
      notify({ type: 'progress', seq: entry.seq, fraction });
    });
  } catch {
    result = { status: 0 };
  }
  const outcome = classify(result.status);
  if (outcome === SENT) {
    await deleteEntry(entry.seq);
    notify({ type: 'sent', seq: entry.seq, kind: entry.kind, meta: entry.meta, body: parse(result.body) });
    return outcome;
  }
  entry.attempts += 1;
  entry.lastAttemptAt = new Date().toISOString();
  if (outcome === RETRY) {
    entry.state = WAITING;
    entry.nextAttemptAt = Date.now() + Math.max(backoff(entry.attempts), (result.retryAfter || 0) * 1000);
  } else if (outcome === AUTH) {
    entry.state = NEEDS_SIGNIN;
  } else {
    entry.state = FAILED;
    const error = parse(result.body)?.error;
    entry.error = { status: result.status, code: error?.code || null, message: error?.message || '' };
  }
  await putEntry(entry);
  notify({ type: outcome, seq: entry.seq });
  return outcome === REJECTED ? REJECTED : outcome;
}

function parse(body) {
  if (!body) return null;
  try { return JSON.parse(body); } catch { return null; }
}

// After a reload or a crash, nothing is really in flight any more.
export async function recover() {
  for (const entry of await entries()) {
    if (entry.state === SENDING) {
      entry.state = WAITING;
      await putEntry(entry);
    }
  }
}

// After signing in again, writes that met a 401 may go.
export async function resumeAfterSignIn() {
  for (const entry of await entries()) {
    if (entry.state === NEEDS_SIGNIN) {
      entry.state = WAITING;
      entry.nextAttemptAt = 0;
      await putEntry(entry);
    }
  }
  notify({ type: 'resumed' });
}
