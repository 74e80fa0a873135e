// String catalogues: every text the user sees comes from /i18n/<lang>.json.
// A catalogue declares its direction, so right-to-left languages only need
// a new file and an entry in LANGUAGES.
export const LANGUAGES = { sv: 'Svenska', en: 'English' };
export const DEFAULT_LANGUAGE = 'sv';
const STORAGE_KEY = 'gnista.lang';

let catalogue = {};
let current = DEFAULT_LANGUAGE;
let plural = new Intl.PluralRules(current);
let dates = null;

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
  dates = null;
  // The first date formatter loads the calendar and time zone data, some
  // 20 ms on a phone: make it in a task of its own while the network is
  // busy, not in the middle of drawing the first list.
  setTimeout(dateFormat, 0);
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  document.documentElement.dir = catalogue._dir || 'ltr';
}

// Texts only a few screens need live in /i18n/<part>/<lang>.json, fetched on
// first use rather than with every start: info/ (the privacy notice, the
// accessibility statement) and desk/ (statistics and administration, which
// need the network anyway). Call again after a language change.
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

// One formatter per language rather than one per date a list shows.
const dateFormat = () => (dates ??= new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }));

export function formatDate(iso) {
  return iso ? dateFormat().format(new Date(iso)) : '';
}
