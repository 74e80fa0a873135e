// Writes still in the outbox, laid over what the server last said, so the
// screen shows the user's own vote or comment even before it is sent.
import { entries } from '../outbox/queue.js';
import { user } from '../session.js';

export async function pendingFor(ideaId) {
  const me = user();
  return (await entries()).filter((e) => e.user === me?.id && e.meta.ideaId === ideaId);
}

export function withPendingVote(idea, pending) {
  const vote = pending.filter((e) => e.kind === 'vote').pop();
  if (!vote || vote.meta.on === idea.my_vote) return { ...idea, votePending: !!vote };
  return { ...idea, my_vote: vote.meta.on, vote_count: idea.vote_count + (vote.meta.on ? 1 : -1), votePending: true };
}

export async function overlayVotes(items) {
  const me = user();
  const all = (await entries()).filter((e) => e.user === me?.id && e.kind === 'vote');
  return items.map((idea) => withPendingVote(idea, all.filter((e) => e.meta.ideaId === idea.id)));
}
