import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { vote } from '../outbox/writes.js';
import { waitingChip } from './status-chip.js';

// A toggle button that also carries the count (the one place a card shows
// it); the vote is queued and shown at once. "Waiting to be sent" stands
// beside the button, not inside it, where it squeezed the label into columns.
export default function voteButton(idea) {
  const button = h('button', { type: 'button', class: 'btn vote' });
  const waiting = waitingChip();
  const paint = () => {
    button.setAttribute('aria-pressed', String(!!idea.my_vote));
    button.replaceChildren(h('span', { 'aria-hidden': 'true', text: idea.my_vote ? '★' : '☆' }),
      h('span', { text: `${t(idea.my_vote ? 'vote.remove' : 'vote.add')} · ${tn('vote.count', idea.vote_count)}` }));
    waiting.hidden = !idea.votePending;
  };
  button.addEventListener('click', async () => {
    idea.my_vote = !idea.my_vote;
    idea.vote_count += idea.my_vote ? 1 : -1;
    idea.votePending = true;
    paint();
    await vote(idea, idea.my_vote);
  });
  paint();
  return h('div', { class: 'vote-row' }, button, waiting);
}
