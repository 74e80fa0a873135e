// What the idea screen loads on first use, outside the app shell: the ideas
// merged with this one, the edits, the submitter's edit form and a handler's tools
// (category, workflow, merging).
import { loadPart } from '../i18n.js';
import { api } from '../api.js';
import ideaHandling from './idea-handling.js';
import { relation, merger } from './merge.js';

const words = () => loadPart('merge').then(() => true, () => false);

// The handler's inbox fetches these ahead, so that they are there offline too, and
// shows the open reports of the handler's units above its new ideas.
export const ahead = (inbox) => Promise.all([words(), loadPart('category').catch(() => {}), api('/categories').catch(() => {}),
  import('./idea-more.js').catch(() => {}), import('./reports.js').then((m) => inbox && m.default(inbox)).catch(() => {})]);

export default async function handling(slot, idea, { pending, statusPending, onQueued }) {
  // Without its words (offline, never fetched) the merge part stays away; the workflow's are in the shell.
  const [merging, [category, flow, edits, mine]] = await Promise.all([
    words(), ideaHandling(idea, pending, { showWorkflow: !statusPending, onQueued })]);
  if (merging) slot.append(...relation(idea));
  const merge = merging && !statusPending && idea.can_merge ? merger(idea, { onQueued }) : null;
  slot.append(...[mine, category, flow, merge, edits].filter(Boolean));
}
