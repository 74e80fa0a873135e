// When the page flushes the outbox: on start, when the browser comes back
// online, when the tab becomes visible, on a backoff timer, and via
// Background Sync where the browser has it (not iOS Safari).
import { SYNC_TAG, WAITING, entries, flush, recover, resumeAfterSignIn } from './queue.js';
import { sendWithXhr } from './transport.js';

let timer = null;
let running = null;
let again = false;

// One flush at a time in this page; a request that arrives meanwhile (a new
// write) makes the running flush go round once more instead of being lost.
export function flushNow({ force = false } = {}) {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        schedule(await flush(sendWithXhr, { force }));
      } while (again);
    } finally {
      running = null;
    }
  })();
  return running;
}

function schedule(at) {
  clearTimeout(timer);
  timer = null;
  if (at) timer = setTimeout(() => flushNow(), Math.max(1_000, at - Date.now()));
}

// Called after every enqueue: try now from the page (which can show upload
// progress); if something is left waiting, ask for a Background Sync so the
// browser sends it even after the app is closed.
export async function kick() {
  await flushNow({ force: true });
  if ((await entries()).some((e) => e.state === WAITING)) registerSync();
}

async function registerSync() {
  try {
    const reg = await navigator.serviceWorker?.ready;
    await reg?.sync?.register(SYNC_TAG);
  } catch {
    // Background Sync is optional; the timer and `online` cover its absence.
  }
}

export async function startSync() {
  await recover();
  addEventListener('online', () => flushNow({ force: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') flushNow();
  });
  flushNow({ force: true });
}

export async function afterSignIn() {
  await resumeAfterSignIn();
  return flushNow({ force: true });
}
