import { h } from '../dom.js';
import { t, tn, formatDate } from '../i18n.js';
import statusChip from './status-chip.js';
import voteButton from './vote-button.js';
import { ideaHeading, excerpt } from './idea-title.js';

// One idea in a list: title, status, unit, counts, a photo and, where the
// server says the viewer may (can_vote), a vote button under it all, which
// then is where the vote count shows; `underStatus` goes right below the
// status line.
export default function ideaCard(idea, { showVote = true, underStatus = null } = {}) {
  const photo = idea.photos?.[0];
  const voting = showVote && idea.can_vote;
  return h('article', { class: 'card idea-card' },
    h('div', { class: 'card-body' },
      h('h2', { class: 'card-title' }, h('a', { href: `/ideas/${idea.id}`, text: ideaHeading(idea) })),
      idea.title && h('p', { class: 'excerpt', text: excerpt(idea.description, 140) }),
      h('p', { class: 'meta' }, statusChip(idea.status), ' ', idea.overdue && [statusChip('overdue'), ' '], h('span', { text: idea.unit?.name }), ' · ',
        idea.category && `${idea.category.name} · `,
        h('time', { datetime: idea.created_at, text: formatDate(idea.created_at) })),
      underStatus,
      h('p', { class: 'meta', text: voting ? tn('comment.count', idea.comment_count)
        : `${tn('vote.count', idea.vote_count)} · ${tn('comment.count', idea.comment_count)}` }),
      idea.is_mine && h('p', { class: 'meta', text: t('idea.yours') })),
    photo && h('img', { class: 'thumb', src: photo.thumb_url || `/api/v1/photos/${photo.id}?size=thumb`, alt: '', loading: 'lazy', width: 96, height: 96 }),
    voting && voteButton(idea));
}
