// Conversion of a write to a storable record and back. Bodies are kept as
// ArrayBuffers because Safari cannot always store Blobs in IndexedDB.
// Multipart bodies are encoded here with a boundary fixed at queue time, so
// every retry sends the same bytes for the same idempotency key.
const encoder = new TextEncoder();

export function jsonRecord(method, url, body, key) {
  return {
    method, url,
    headers: { 'Content-Type': 'application/json', ...baseHeaders(key) },
    body: body === undefined ? null : encoder.encode(JSON.stringify(body)).buffer,
  };
}

// files: [{ name, filename, type, photo (an id in store.js) or data }]
export function multipartRecord(url, fields, files, key) {
  return {
    method: 'POST', url,
    headers: baseHeaders(key),
    form: { boundary: `gnista-${key}`, fields, files },
  };
}

function baseHeaders(key) {
  return { 'Idempotency-Key': key, 'X-Requested-With': 'gnista', Accept: 'application/json' };
}

const quote = (s) => String(s).replace(/["\r\n\\]/g, '_');

function encodeMultipart({ boundary, fields, files }, photos) {
  const chunks = [];
  for (const [name, value] of fields) {
    chunks.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"; filename="${quote(f.filename)}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    chunks.push(new Uint8Array(f.data ?? photos?.get(f.photo)?.data), encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out.buffer;
}

// What a transport sends: method, url, headers and an ArrayBuffer body.
// photos: Map of photo id to { data }.
export function toWire(record, photos) {
  if (!record.form) return { method: record.method, url: record.url, headers: record.headers, body: record.body };
  return {
    method: record.method, url: record.url,
    headers: { ...record.headers, 'Content-Type': `multipart/form-data; boundary=${record.form.boundary}` },
    body: encodeMultipart(record.form, photos),
  };
}
