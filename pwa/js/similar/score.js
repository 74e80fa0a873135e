// Similar ideas among the ideas this phone has cached, scored exactly as the
// server scores them (server/ideas/similar.py, rule for rule) from the `stems`
// the server sent with each idea. The typed text needs no stemmer: its words
// meet an idea's stems as inflections meet their stem, the stem beginning the word.
// The block below is written from the server's rules by tests/e2e/pwa_shell.py.
// <similar-rules>
const RULES = {"fold_from": "éèêëáàâãíìîïóòôõúùûçñýÿüæø", "fold_to": "eeeeaaaaiiiioooouuucnyyyäö", "stopwords": ["a", "alla", "allt", "alltid", "an", "and", "andra", "annan", "annat", "ar", "are", "at", "att", "av", "bara", "behov", "behova", "behover", "behovs", "behöva", "behövde", "behöver", "behövs", "blev", "bli", "blir", "blivit", "borde", "bra", "bäst", "bättre", "could", "da", "dag", "dagar", "dagen", "dar", "de", "dem", "den", "denna", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "efter", "eller", "en", "ett", "fa", "fanns", "far", "finns", "fler", "flera", "for", "fran", "från", "få", "får", "fått", "för", "garna", "gjorde", "gor", "gora", "gärna", "gör", "göra", "ha", "hade", "har", "hela", "hellre", "helst", "hemskt", "hos", "hur", "i", "ibland", "idag", "ide", "ideer", "ideerna", "iden", "in", "inga", "inget", "inne", "inte", "is", "ja", "jag", "jättebra", "kan", "kanske", "kom", "kommer", "kunde", "kunna", "lite", "man", "manga", "med", "mer", "mera", "mest", "mig", "min", "mina", "mindre", "mitt", "mm", "mot", "mycket", "många", "na", "nagon", "nagot", "nagra", "need", "needs", "nu", "ny", "nya", "nytt", "när", "någon", "något", "några", "och", "ocksa", "också", "of", "ofta", "oftast", "om", "on", "osv", "our", "pa", "på", "sa", "satt", "sedan", "should", "sig", "sin", "sina", "sitt", "ska", "skall", "skulle", "som", "sätt", "så", "tex", "the", "till", "to", "tror", "tycker", "under", "upp", "ut", "utan", "vad", "var", "vara", "varit", "varje", "vi", "vid", "vilja", "vill", "vore", "väldigt", "we", "with", "would", "är", "åt"], "title_weight": 2.0, "part_weight": 0.7, "min_inside": 4, "min_shared": 2, "min_score": 0.15, "min_part": 3, "max_terms": 30, "max_ending": 5, "min_start": 5};
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

// The words of a typed text that say something, folded, each once.
export const typedWords = (text) => [...new Set(words(text)
  .filter((w) => w.length >= RULES.min_part && !STOP.has(w) && !/^\p{N}+$/u.test(w)))].slice(0, RULES.max_terms);

// How a typed word meets an idea's stem: 1 as its inflection, part_weight in a compound.
export function likeness(word, term) {
  if (word.startsWith(term) && word.length - term.length <= RULES.max_ending) return 1;
  if (term.startsWith(word) && term.length - word.length <= 1) return 1;
  const at = word.lastIndexOf(term);
  if (at > 0 && term.length >= RULES.min_inside && word.length - at - term.length <= RULES.max_ending) return RULES.part_weight;
  for (let size = word.length; size >= Math.max(RULES.min_part, word.length - RULES.max_ending); size -= 1) {
    const root = word.slice(0, size);
    const found = term.indexOf(root);
    if ((found > 0 && (term.endsWith(root) || size >= RULES.min_inside)) || (found === 0 && size >= RULES.min_start)) return RULES.part_weight;
  }
  return 0;
}

export function score(typed, idea) {
  if (!typed.length || !idea.size) return 0;
  let found = 0;
  let shared = 0;
  for (const word of typed) {
    let best = 0;
    for (const [term, weight] of idea) if (weight > best) best = Math.max(best, weight * likeness(word, term));
    found += best;
    if (best > 0) shared += 1;
  }
  if (shared < Math.min(RULES.min_shared, typed.length)) return 0;
  let total = 0;
  for (const weight of idea.values()) total += weight * weight;
  return Math.round((found / Math.sqrt(typed.length * total)) * 1e4) / 1e4;
}

// The best `limit` of `ideas` (feed items with `stems`) like `text`, that I could vote for.
export function rank(text, ideas, limit) {
  const typed = typedWords(text);
  return ideas.filter((i) => i.can_vote && i.stems && !i.hidden).map((i) => ({ ...i, score: score(typed, weights(i.stems)) }))
    .filter((i) => i.score >= RULES.min_score)
    .sort((a, b) => b.score - a.score || b.vote_count - a.vote_count || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}
