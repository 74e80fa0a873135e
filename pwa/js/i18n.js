// String catalogues: every text the user sees comes from /i18n/<lang>.json.
// A catalogue declares its direction, so right-to-left languages only need
// a new file and an entry in LANGUAGES.
export const LANGUAGES = { sv: 'Svenska', en: 'English' };
export const DEFAULT_LANGUAGE = 'sv';
const STORAGE_KEY = 'gnista.lang';

let catalogue = {};
let current = DEFAULT_LANGUAGE;
let plural = new Intl.PluralRules(current);

export const language = () => current;

export function preferredLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved in LANGUAGES ? saved : DEFAULT_LANGUAGE;
}

export async function setLanguage(code) {
  if (!(code in LANGUAGES)) code = DEFAULT_LANGUAGE;
  const res = await fetch(`/i18n/${code}.json`);
  catalogue = await res.json();
  current = code;
  plural = new Intl.PluralRules(code);
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  document.documentElement.dir = catalogue._dir || 'ltr';
}

// Long texts only one or two screens need (the privacy notice, the
// accessibility statement) live in /i18n/<part>/<lang>.json, fetched on first
// use rather than precached with the shell. Call again after a language change.
export async function loadPart(part) {
  const res = await fetch(`/i18n/${part}/${current}.json`);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  Object.assign(catalogue, await res.json());
}

export function t(key, vars) {
  const text = catalogue[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '') : text;
}

// Plural forms live under "<key>.<category>" (one, other, few, many …).
export function tn(key, n, vars = {}) {
  const form = catalogue[`${key}.${plural.select(n)}`] ? plural.select(n) : 'other';
  return t(`${key}.${form}`, { n, ...vars });
}

export function formatDate(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
