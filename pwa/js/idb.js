// A tiny promise wrapper around IndexedDB (in the spirit of idb-keyval).
export function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function openDb(name, version, upgrade) {
  const request = indexedDB.open(name, version);
  request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion, request.transaction);
  return promisify(request).then((db) => {
    // Let a newer tab or service worker upgrade the schema instead of blocking it.
    db.onversionchange = () => db.close();
    return db;
  });
}

// Run fn(stores…) in one transaction; resolves with fn's result once committed.
export function transact(db, names, mode, fn) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode);
    let result;
    tx.oncomplete = () => resolve(result);
    tx.onerror = tx.onabort = () => reject(tx.error);
    const stores = [].concat(names).map((n) => tx.objectStore(n));
    Promise.resolve(fn(...stores)).then((r) => { result = r; }, (e) => { tx.abort(); reject(e); });
  });
}
