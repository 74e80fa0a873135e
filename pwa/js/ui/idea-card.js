import { h } from '../dom.js';
import { t, tn, formatDate } from '../i18n.js';
import statusChip from './status-chip.js';
import voteButton from './vote-button.js';

// One idea in a list: photo, title, status, unit, counts, and a vote button;
// `underStatus` goes right below the status line.
export default function ideaCard(idea, { showVote = true, underStatus = null } = {}) {
  const title = idea.title || excerpt(idea.description, 60);
  const photo = idea.photos?.[0];
  return h('article', { class: 'card idea-card' },
    photo ? h('img', { class: 'thumb', src: photo.thumb_url || `/api/v1/photos/${photo.id}?size=thumb`, alt: '', loading: 'lazy', width: 96, height: 96 }) : null,
    h('div', { class: 'card-body' },
      h('h2', { class: 'card-title' }, h('a', { href: `/ideas/${idea.id}`, text: title })),
      idea.title ? h('p', { class: 'excerpt', text: excerpt(idea.description, 140) }) : null,
      h('p', { class: 'meta' }, statusChip(idea.status), ' ', h('span', { text: idea.unit?.name || '' }), ' · ',
        h('time', { datetime: idea.created_at, text: formatDate(idea.created_at) })),
      underStatus,
      h('p', { class: 'meta', text: `${tn('vote.count', idea.vote_count)} · ${tn('comment.count', idea.comment_count)}` }),
      showVote && !idea.is_mine ? voteButton(idea) : null,
      idea.is_mine ? h('p', { class: 'meta', text: t('idea.yours') }) : null));
}

export function excerpt(text = '', n) {
  return text.length > n ? `${text.slice(0, n - 1).trimEnd()}…` : text;
}
