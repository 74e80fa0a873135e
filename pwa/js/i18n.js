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

// Intl gets a region too: plain 'en' is American (month before day, 12-hour
// clock); Gnista's English readers are in Europe.
const LOCALES = { sv: 'sv-SE', en: 'en-GB' };
export const locale = () => LOCALES[current] || current;

// One set of formatters per language rather than one per date a list shows.
function dateFormat() {
  if (dates) return dates;
  const make = (options) => new Intl.DateTimeFormat(locale(), options);
  dates = { time: make({ hour: '2-digit', minute: '2-digit' }), weekday: make({ weekday: 'long' }),
    day: make({ day: 'numeric', month: 'short' }), full: make({ day: 'numeric', month: 'short', year: 'numeric' }) };
  return dates;
}

const DAY = 86_400_000;
const midnight = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

// The clock as the language writes it ("14.05" in Swedish), from Intl's hour and minute.
function clock(date) {
  return dateFormat().time.formatToParts(date)
    .map((p) => (p.type === 'literal' ? t('date.time_separator') : p.value)).join('');
}

// As people say it: "nyss", "i dag 14.05", "i går 14.05", "tisdag 14.05"
// within a week, "3 dec." within the year, otherwise with the year.
export function formatDate(iso, now = new Date()) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const ago = now - date;
  if (ago >= -60_000 && ago < 60_000) return t('date.now');
  const days = Math.round((midnight(now) - midnight(date)) / DAY);
  const f = dateFormat();
  if (days === 0) return t('date.today', { time: clock(date) });
  if (days === 1) return t('date.yesterday', { time: clock(date) });
  if (days > 1 && days < 7) return t('date.weekday', { day: f.weekday.format(date), time: clock(date) });
  return (date.getFullYear() === now.getFullYear() ? f.day : f.full).format(date);
}
