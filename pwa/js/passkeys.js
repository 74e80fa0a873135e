// WebAuthn ceremonies against the server's options. Uses the browser's
// JSON helpers, with a small fallback for browsers that predate them
// (older iOS Safari).
import { api } from './api.js';

const b64 = {
  decode: (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0)).buffer,
  encode: (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
};

const PKC = globalThis.PublicKeyCredential;
export const supported = () => !!PKC && !!navigator.credentials;

function creationOptions(json) {
  if (PKC.parseCreationOptionsFromJSON) return PKC.parseCreationOptionsFromJSON(json);
  return { ...json, challenge: b64.decode(json.challenge), user: { ...json.user, id: b64.decode(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: b64.decode(c.id) })) };
}

function requestOptions(json) {
  if (PKC.parseRequestOptionsFromJSON) return PKC.parseRequestOptionsFromJSON(json);
  return { ...json, challenge: b64.decode(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: b64.decode(c.id) })) };
}

function toJSON(cred) {
  if (typeof cred.toJSON === 'function') return cred.toJSON();
  const r = cred.response;
  const response = { clientDataJSON: b64.encode(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = b64.encode(r.attestationObject);
    response.transports = r.getTransports?.() || [];
  } else {
    response.authenticatorData = b64.encode(r.authenticatorData);
    response.signature = b64.encode(r.signature);
    if (r.userHandle) response.userHandle = b64.encode(r.userHandle);
  }
  return { id: cred.id, rawId: b64.encode(cred.rawId), type: cred.type, response,
    authenticatorAttachment: cred.authenticatorAttachment, clientExtensionResults: cred.getClientExtensionResults() };
}

// Create a passkey for the signed-in user; resolves with the stored passkey.
export async function register(name) {
  const options = await api('/passkeys/registration/options', { method: 'POST' });
  const cred = await navigator.credentials.create({ publicKey: creationOptions(options) });
  return api('/passkeys', { method: 'POST', body: { ...toJSON(cred), ...(name ? { name } : {}) } });
}

// Sign in with a discoverable passkey: no user name is typed.
export async function signIn() {
  const options = await api('/session/options', { method: 'POST' });
  const cred = await navigator.credentials.get({ publicKey: requestOptions(options) });
  return api('/session', { method: 'POST', body: toJSON(cred) });
}

// A default name for a new passkey, so the list tells devices apart.
export function deviceName() {
  const ua = navigator.userAgent;
  const device = /iPhone/.test(ua) ? 'iPhone' : /iPad/.test(ua) ? 'iPad' : /Android/.test(ua) ? 'Android' : /Mac/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows' : 'Linux';
  return `${device} · ${new Date().toLocaleDateString()}`;
}
