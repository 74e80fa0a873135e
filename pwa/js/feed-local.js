// The feed offline: every list of ideas this phone keeps (its owner's copies
// of /api/v1/ideas answers), filtered, searched and sorted here as the server
// would, roughly. Only what was once on screen is here, so it may be incomplete.
import { owner, dataCache } from './owner.js';
// Folded as the server folds (search.py): the rules written into score.js from the server's.
import { fold } from './similar/score.js';

// A crude Swedish stem: enough that "halkade" finds "halka" and "handske" "skyddshandskar".
const ENDINGS = /(arna|orna|erna|ande|ende|ade|are|het|na|en|et|an|ar|er|or|ad|a|e|s)$/;
const stem = (w) => (w.length > 4 ? w.replace(ENDINGS, '') : w);
const words = (q) => fold(q).match(/[\p{L}\p{N}]+/gu) || [];

// Fider's trending score; the phone knows the votes and comments, not when they came.
const trend = (i) => (i.vote_count * 5 + i.comment_count * 3 - 1) / (Math.max(0, Date.now() - Date.parse(i.created_at)) / 36e5 + 2) ** 1.4;
const by = (...keys) => (a, b) => { for (const k of keys) { const d = k(b) - k(a); if (d) return d; } return 0; };
const created = (i) => Date.parse(i.created_at);
const ORDER = {
  new: by(created), top: by((i) => i.vote_count, created), trending: by(trend),
  waiting: by((i) => !i.last_change * 1, (i) => -created(i)),
};

export async function localFeed(s, me) {
  const { id } = await owner();
  if (!id || !(await caches.has(dataCache(id)))) return null;
  const cache = await caches.open(dataCache(id));
  const ideas = new Map();
  const from = new Map(); // idea id → the queries that listed it
  let units = [];
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    const body = url.pathname.match(/^\/api\/v1\/(ideas|units)$/) && await (await cache.match(request)).json().catch(() => null);
    if (url.pathname.endsWith('units')) units = body?.items || [];
    for (const idea of (url.pathname.endsWith('ideas') && body?.items) || []) {
      if (!(ideas.get(idea.id)?.updated_at > idea.updated_at)) ideas.set(idea.id, idea);
      from.set(idea.id, [...(from.get(idea.id) || []), url.searchParams]);
    }
  }
  // A unit and its sub-units, from the units list a handler's phone keeps.
  const below = (root) => {
    const found = new Set([root]);
    for (const u of units) if (found.has(u.parent_id)) found.add(u.id);
    return found;
  };
  const listedWith = (i, test) => from.get(i.id).some(test);
  const mine = below(me?.unit?.id);
  const within = s.unit_id && below(s.unit_id);
  const wanted = words(s.q).map(stem);
  const inScope = {
    mine: (i) => i.is_mine,
    assigned: (i) => i.assignee?.id === me?.id,
    unit: (i) => mine.has(i.unit?.id) || listedWith(i, (p) => (p.get('scope') || 'unit') === 'unit' && !p.get('unit_id')),
    org: () => true,
  }[s.scope] || (() => false);
  return [...ideas.values()].filter((i) => inScope(i)
    && (!s.status.length || s.status.includes(i.status))
    && (!within || within.has(i.unit?.id) || listedWith(i, (p) => p.get('unit_id') === s.unit_id))
    && (!s.category_id || i.category?.id === s.category_id)
    && wanted.every((w) => fold(`${i.title || ""} ${i.description}`).includes(w)))
    .sort(ORDER[s.sort] || ORDER.new);
}
