// What the idea screen loads on first use, outside the app shell: the ideas
// merged with this one, and a handler's tools (the workflow, merging).
import { loadPart } from '../i18n.js';
import workflow from './workflow.js';
import { relation, merger } from './merge.js';

const words = () => loadPart('merge').then(() => true, () => false);

// The handler's inbox fetches these ahead, so that they are there offline too.
export const ahead = words;

export default async function handling(slot, idea, { pending, onQueued }) {
  // Without its words (offline, never fetched) the merge part stays away; the workflow's are in the shell.
  const merging = await words();
  if (merging) slot.append(...relation(idea));
  if (pending) return;
  if (idea.allowed_transitions?.length) slot.append(workflow(idea, { onQueued }));
  if (merging && idea.can_merge) slot.append(merger(idea, { onQueued }));
}
