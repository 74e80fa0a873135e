// Similar ideas among the ideas this phone has cached, scored as the server
// scores them (server/ideas/similar.py, rule for rule) from the `stems` the
// server sent with each idea. The phone has no stemmer: a typed word stands for
// the longest known stem it begins with (Swedish stems begin their words), so
// phone and server agree wherever the typed words' stems occur in cached ideas.
// The block below is written from the server's rules by tests/e2e/pwa_shell.py.
// <similar-rules>
const RULES = {"fold_from": "éèêëáàâãíìîïóòôõúùûçñýÿüæø", "fold_to": "eeeeaaaaiiiioooouuucnyyyäö", "stopwords": ["a", "alla", "allt", "alltid", "an", "and", "andra", "annan", "annat", "ar", "are", "at", "att", "av", "bara", "behov", "behova", "behover", "behovs", "behöva", "behövde", "behöver", "behövs", "blev", "bli", "blir", "blivit", "borde", "bra", "bäst", "bättre", "could", "da", "dag", "dagar", "dagen", "dar", "de", "dem", "den", "denna", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "efter", "eller", "en", "ett", "fa", "fanns", "far", "finns", "fler", "flera", "for", "fran", "från", "få", "får", "fått", "för", "garna", "gjorde", "gor", "gora", "gärna", "gör", "göra", "ha", "hade", "har", "hela", "hellre", "helst", "hemskt", "hos", "hur", "i", "ibland", "idag", "ide", "ideer", "ideerna", "iden", "in", "inga", "inget", "inne", "inte", "is", "ja", "jag", "jättebra", "kan", "kanske", "kom", "kommer", "kunde", "kunna", "lite", "man", "manga", "med", "mer", "mera", "mest", "mig", "min", "mina", "mindre", "mitt", "mm", "mot", "mycket", "många", "na", "nagon", "nagot", "nagra", "need", "needs", "nu", "ny", "nya", "nytt", "när", "någon", "något", "några", "och", "ocksa", "också", "of", "ofta", "oftast", "om", "on", "osv", "our", "pa", "på", "sa", "satt", "sedan", "should", "sig", "sin", "sina", "sitt", "ska", "skall", "skulle", "som", "sätt", "så", "tex", "the", "till", "to", "tror", "tycker", "under", "upp", "ut", "utan", "vad", "var", "vara", "varit", "varje", "vi", "vid", "vilja", "vill", "vore", "väldigt", "we", "with", "would", "är", "åt"], "title_weight": 2.0, "part_weight": 0.7, "min_inside": 4, "min_shared": 2, "min_score": 0.15, "min_part": 3, "max_terms": 30};
// </similar-rules>

const FOLD = new Map([...RULES.fold_from].map((c, i) => [c, RULES.fold_to[i]]));
const STOP = new Set(RULES.stopwords);
const WORD = /[\p{L}\p{N}]+/gu;

export const fold = (text) => [...(text || '').normalize('NFC').toLowerCase()].map((c) => FOLD.get(c) || c).join('');
export const words = (text) => fold(text).match(WORD) || [];

// An idea's terms and weights from its packed `stems`: "title terms|description terms".
export function weights(packed) {
  const [title = '', description = ''] = (packed || '').split('|');
  const found = new Map();
  for (const term of description.split(' ').filter(Boolean)) found.set(term, 1);
  for (const term of title.split(' ').filter(Boolean)) found.set(term, RULES.title_weight);
  return found;
}

// The typed text's terms: each word that says something, as the longest known stem it begins with.
export function terms(text, known) {
  const found = [];
  for (const word of words(text)) {
    if (STOP.has(word) || /^\p{N}+$/u.test(word)) continue;
    let best = '';
    for (const term of known) if (term.length > best.length && term.length >= RULES.min_part && word.startsWith(term)) best = term;
    const term = best || (word.length >= RULES.min_part ? word : '');
    if (term && !STOP.has(term) && !found.includes(term)) found.push(term);
  }
  return found.slice(0, RULES.max_terms);
}

function likeness(term, known) {
  if (term === known) return 1;
  const [shorter, longer] = term.length <= known.length ? [term, known] : [known, term];
  const inside = longer.endsWith(shorter) || (shorter.length >= RULES.min_inside && longer.includes(shorter));
  return inside ? RULES.part_weight : 0;
}

export function score(query, idea) {
  if (!query.length || !idea.size) return 0;
  let found = 0;
  let shared = 0;
  for (const term of query) {
    let best = 0;
    for (const [known, weight] of idea) best = Math.max(best, weight * likeness(term, known));
    found += best;
    if (best > 0) shared += 1;
  }
  if (shared < Math.min(RULES.min_shared, query.length)) return 0;
  let total = 0;
  for (const weight of idea.values()) total += weight * weight;
  return Math.round((found / Math.sqrt(query.length * total)) * 1e4) / 1e4;
}

// The best `limit` of `ideas` (feed items with `stems`) like `text`, that I could vote for.
export function rank(text, ideas, limit) {
  const known = new Set();
  const scored = ideas.filter((i) => i.can_vote && i.stems).map((i) => ({ idea: i, w: weights(i.stems) }));
  for (const { w } of scored) for (const term of w.keys()) known.add(term);
  const query = terms(text, known);
  return scored.map(({ idea, w }) => ({ ...idea, score: score(query, w) }))
    .filter((i) => i.score >= RULES.min_score)
    .sort((a, b) => b.score - a.score || b.vote_count - a.vote_count || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}
