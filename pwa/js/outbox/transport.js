// Ways to put a wire request on the network. The page uses XMLHttpRequest
// because fetch() cannot report upload progress; the service worker has
// only fetch().
export function sendWithXhr(wire, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(wire.method, wire.url);
    for (const [k, v] of Object.entries(wire.headers)) xhr.setRequestHeader(k, v);
    xhr.timeout = 120_000;
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve({
      status: xhr.status, body: xhr.responseText,
      retryAfter: Number(xhr.getResponseHeader('Retry-After')) || 0, user: xhr.getResponseHeader('X-Gnista-User'),
    });
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(new TypeError('network error'));
    xhr.send(wire.body);
  });
}

export async function sendWithFetch(wire) {
  const res = await fetch(wire.url, {
    method: wire.method, headers: wire.headers, body: wire.body, credentials: 'same-origin',
  });
  return {
    status: res.status, body: await res.text(),
    retryAfter: Number(res.headers.get('Retry-After')) || 0, user: res.headers.get('X-Gnista-User'),
  };
}
