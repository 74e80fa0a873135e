// Downscale a photo off the main thread. Re-encoding through a canvas keeps
// only pixels, so EXIF metadata (GPS position, camera serial) is dropped.
const MAX_SIDE = 1600;
const QUALITY = 0.8;

self.onmessage = async ({ data: { id, blob } }) => {
  try {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const out = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    self.postMessage({ id, data: await out.arrayBuffer(), width, height });
  } catch (err) {
    self.postMessage({ id, error: String(err) });
  }
};
