// What the feed shows is the page's URL, in the API's names: a link opens the
// same list. Only a "/" the feed did not write takes this phone's last scope and
// sort. A new filter is a name in KEYS and a field in ui/feed-sheet.js.
const SAVED = 'gnista.feed';
export const KEYS = ['q', 'sort', 'scope', 'status', 'unit_id', 'category_id']; // filters after the first four
export const SCOPES = ['unit', 'org', 'mine', 'assigned'];
export const SORTS = ['new', 'top', 'trending', 'waiting'];
export const sortOf = (s) => (s.q ? 'relevance' : 'new');

export function readQuery(search = location.search) {
  const p = new URLSearchParams(search);
  const saved = history.state?.feed || KEYS.some((k) => p.has(k)) ? {} : JSON.parse(localStorage.getItem(SAVED) || '{}');
  const s = { ...saved, ...Object.fromEntries(KEYS.map((k) => [k, (p.get(k) || '').trim()]).filter(([, v]) => v)) };
  s.q ||= '';
  s.status = (s.status || '').split(',').filter(Boolean);
  if (!SCOPES.includes(s.scope)) s.scope = 'unit';
  if (![...SORTS, 'relevance'].includes(s.sort) || (s.sort === 'relevance' && !s.q)) s.sort = sortOf(s);
  return s;
}

// The page's query: only what differs from the defaults, in KEYS' order.
export function pageQuery(s) {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const v = k === 'status' ? s.status.join(',') : s[k];
    if (v && v !== { scope: 'unit', sort: sortOf(s) }[k]) p.set(k, v);
  }
  return p;
}

// The API's query: scope and sort always, so the default is the path the app preloads.
export function apiQuery(s) {
  const p = new URLSearchParams({ scope: s.scope, sort: s.sort });
  for (const [k, v] of pageQuery(s)) if (!p.has(k)) p.set(k, v);
  return p;
}

export const filterCount = (s) => s.status.length + (s.scope !== 'unit') + KEYS.slice(4).filter((k) => s[k]).length;
export const saveChoice = ({ scope, sort }) => localStorage.setItem(SAVED, JSON.stringify({ scope, sort: sort === 'relevance' ? 'new' : sort }));
