// What the idea screen loads on first use, outside the app shell: the ideas
// merged with this one, the edits, the submitter's edit form, who carries it out by
// when, and a handler's tools (category, assignment, workflow, merging).
import { loadPart } from '../i18n.js';
import { api } from '../api.js';
import ideaHandling from './idea-handling.js';
import { relation, merger } from './merge.js';
import assignment, { overdue, words as assignWords } from './assignment.js';

const words = () => loadPart('merge').then(() => true, () => false);

// The handler's inbox fetches these ahead, so that they are there offline too; given
// the inbox's view, it shows there the open reports of the handler's units and the overdue ideas.
export const ahead = (view) => Promise.all([words(), loadPart('category').catch(() => {}), api('/categories').catch(() => {}),
  import('./idea-more.js').catch(() => {}), import('./reports.js').then((m) => view && m.default(view)).catch(() => {}),
  view ? overdue(view) : assignWords()]);

export default async function handling(slot, idea, { pending, statusPending, onQueued }) {
  // Without its words (offline, never fetched) the merge part stays away; the workflow's are in the shell.
  const [merging, [category, flow, edits, mine], assigned] = await Promise.all([
    words(), ideaHandling(idea, pending, { showWorkflow: !statusPending, onQueued }),
    assignment(idea, pending, { onQueued })]);
  if (merging) slot.append(...relation(idea));
  const merge = merging && !statusPending && idea.can_merge ? merger(idea, { onQueued }) : null;
  slot.append(...[mine, ...assigned, category, flow, merge, edits].filter(Boolean));
}
