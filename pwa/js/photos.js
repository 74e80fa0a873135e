// Photos are made small on the phone before they are queued: longest side
// 1600 px, JPEG at 0.8. Where OffscreenCanvas exists the work runs in a
// worker; otherwise on the main thread with an ordinary canvas.
const MAX_SIDE = 1600;
const QUALITY = 0.8;
let worker = null;
let seq = 0;
const pending = new Map();

function viaWorker(blob) {
  if (!worker) {
    worker = new Worker('/js/photo-worker.js');
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error)); else p.resolve(data);
    };
  }
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, blob });
  });
}

async function onMainThread(blob) {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const out = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  return { data: await out.arrayBuffer(), width: canvas.width, height: canvas.height };
}

// Resolves with { data: ArrayBuffer, type, width, height }.
export async function downscale(file) {
  const result = typeof OffscreenCanvas === 'function'
    ? await viaWorker(file).catch(() => onMainThread(file))
    : await onMainThread(file);
  return { ...result, type: 'image/jpeg' };
}

export const previewUrl = (photo) => URL.createObjectURL(new Blob([photo.data], { type: photo.type || 'image/jpeg' }));
