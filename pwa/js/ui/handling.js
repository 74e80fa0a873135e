// What the idea screen loads on first use, outside the app shell: the ideas
// merged with this one, the edits, who carries it out by when, and a handler's
// tools (category, assignment, workflow, merging).
import { loadPart } from '../i18n.js';
import { api } from '../api.js';
import ideaHandling from './idea-handling.js';
import { relation, merger } from './merge.js';
import assignment, { overdue, words as assignWords } from './assignment.js';

const words = () => loadPart('merge').then(() => true, () => false);

// The handler's inbox fetches these ahead, so that they are there offline too; given
// the inbox's view, it shows the overdue ideas there.
export const ahead = (view) => Promise.all([words(), loadPart('category').catch(() => {}), api('/categories').catch(() => {}),
  view ? overdue(view) : assignWords()]);

export default async function handling(slot, idea, { pending, statusPending, onQueued }) {
  // Without its words (offline, never fetched) the merge part stays away; the workflow's are in the shell.
  const [merging, [category, flow, edits], assigned] = await Promise.all([
    words(), ideaHandling(idea, pending, { showWorkflow: !statusPending, onQueued }),
    assignment(idea, pending, { onQueued })]);
  if (merging) slot.append(...relation(idea));
  const merge = merging && !statusPending && idea.can_merge ? merger(idea, { onQueued }) : null;
  slot.append(...[...assigned, category, flow, merge, edits].filter(Boolean));
}
