// What the idea screen loads after drawing, outside the app shell: following,
// reporting and hidden or removed words for everyone; for the ideas that have them,
// the ideas merged with this one, the edits and a handler's tools (category, workflow, merging).
import follow from './follow.js';
import report from './report.js';

export default function more(slot, idea, options) {
  follow(slot, idea, options.pending, options.onQueued);
  report(slot, idea, options.onQueued);
  if (idea.merged_into || idea.merged_ideas?.length || idea.can_merge || idea.can_edit?.length
      || idea.allowed_transitions?.length || idea.edits?.length) {
    import('./handling.js').then((m) => m.default(slot, idea, options), () => {});
  }
}
