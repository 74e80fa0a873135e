// What to call an idea: its title, or else the start of its description,
// cut between words, never inside one.

export function excerpt(text = '', n = 60) {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= n) return flat;
  const cut = flat.slice(0, n);
  const space = cut.lastIndexOf(' ');
  // One long word (a Swedish compound) is cut where it must be.
  return `${(space > n / 3 ? cut.slice(0, space) : cut.slice(0, n - 1)).replace(/[\s,.;:–-]+$/, '')}…`;
}

export const ideaHeading = (idea, n = 60) => idea.title || excerpt(idea.description, n);
