import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { vote } from '../outbox/writes.js';

// A toggle button; the vote is queued and shown at once.
export default function voteButton(idea) {
  const button = h('button', { type: 'button', class: 'btn vote', 'aria-pressed': String(!!idea.my_vote) });
  const paint = () => {
    button.setAttribute('aria-pressed', String(!!idea.my_vote));
    button.replaceChildren(...[h('span', { 'aria-hidden': 'true', text: idea.my_vote ? '★ ' : '☆ ' }),
      idea.my_vote ? t('vote.remove') : t('vote.add'),
      h('span', { class: 'count', text: ` · ${tn('vote.count', idea.vote_count)}` }),
      idea.votePending ? h('span', { class: 'chip waiting', text: t('outbox.waiting') }) : ''].filter(Boolean));
  };
  button.addEventListener('click', async () => {
    idea.my_vote = !idea.my_vote;
    idea.vote_count += idea.my_vote ? 1 : -1;
    idea.votePending = true;
    paint();
    await vote(idea, idea.my_vote);
  });
  paint();
  return button;
}
