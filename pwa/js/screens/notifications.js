// My notifications, newest first; opening the screen marks what it shows as read.
import { h, clear, announce } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { setUnread } from '../ui/bell.js';
import pushSwitch from '../ui/push-switch.js';

const item = (n) => h('li', { class: ['card', 'notification', !n.read_at && 'unread'] },
  h('p', { class: 'card-title' }, h('a', { href: n.url }, !n.read_at && h('span', { class: 'sr-only', text: `${t('notifications.new')}: ` }), n.title)),
  h('p', { class: 'notification-body', text: n.body }),
  h('p', { class: 'meta' }, h('time', { datetime: n.created_at, text: formatDate(n.created_at) })));

export default async function notifications(view) {
  const list = h('ul', { class: 'notifications' });
  const error = h('p', { class: 'error', role: 'alert' });
  const more = h('button', { type: 'button', class: 'btn', text: t('feed.more'), hidden: true });
  const readAll = h('button', { type: 'button', class: 'btn link', text: t('notifications.read_all'), hidden: true });
  let cursor = null;

  const markRead = async (body) => {
    const { unread_count: n } = await api('/notifications/read', { method: 'POST', body });
    setUnread(n);
    readAll.hidden = !n;
  };

  async function load() {
    more.disabled = true;
    try {
      // The first page has no query, so the service worker's copy of it works offline.
      const page = await api(cursor ? `/notifications?cursor=${encodeURIComponent(cursor)}` : '/notifications');
      if (!cursor && !page.items.length) clear(list, h('li', { class: 'note', text: t('notifications.empty') }));
      list.append(...page.items.map(item));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const ids = page.items.filter((n) => !n.read_at).map((n) => n.id);
      if (ids.length) await markRead({ ids }).catch(() => {});
    } catch (err) {
      error.textContent = isOffline(err) ? t('offline.nothing_saved') : `${t('error.load')} ${err.message}`;
    }
    more.disabled = false;
  }

  more.onclick = load;
  readAll.onclick = () => markRead({}).then(() => announce(t('notifications.read_all')), (err) => { error.textContent = err.message; });
  view.append(h('h1', { tabindex: '-1', text: t('notifications.title') }), pushSwitch({ offer: true }), readAll, error, list, more);
  await load();
}
