// History-API routing. A route is a path pattern and a screen module,
// loaded on first use; add a line to ROUTES for a new screen. `public`
// screens need no sign-in; `info` pages among them keep the tabs for those
// signed in.
export const ROUTES = [
  { path: '/', screen: 'feed', nav: 'feed' },
  { path: '/ideas/:id', screen: 'idea' },
  { path: '/submit', screen: 'submit', nav: 'submit' },
  { path: '/mine', screen: 'mine', nav: 'mine' },
  { path: '/inbox', screen: 'inbox', nav: 'inbox', roles: ['handler', 'admin'] },
  { path: '/dashboard', screen: 'dashboard', nav: 'dashboard', roles: ['handler', 'admin'] },
  { path: '/admin', screen: 'admin', roles: ['handler', 'admin'] },
  { path: '/settings', screen: 'settings', nav: 'settings' },
  { path: '/notifications', screen: 'notifications' },
  { path: '/join/:token', screen: 'join', public: true },
  { path: '/signin', screen: 'signin', public: true },
  { path: '/privacy', screen: 'privacy', public: true, info: true },
  { path: '/accessibility', screen: 'accessibility', public: true, info: true },
];

// The modules each screen imports beyond those the app starts with
// (written by `make shell`).
// <screen-modules>
const SCREEN_MODULES = {
  accessibility: ["/js/screens/accessibility.js", "/js/ui/info-section.js", "/js/ui/page-links.js"],
  admin: ["/js/screens/admin.js", "/js/screens/admin/categories.js", "/js/screens/admin/confirm.js", "/js/screens/admin/fields.js", "/js/screens/admin/invite.js", "/js/screens/admin/open-invitations.js", "/js/screens/admin/people.js", "/js/screens/admin/person.js", "/js/screens/admin/units.js", "/js/ui/charts.js"],
  dashboard: ["/js/screens/dashboard.js", "/js/ui/category-table.js", "/js/ui/charts.js"],
  feed: ["/js/outbox/writes.js", "/js/screens/feed.js", "/js/ui/idea-card.js", "/js/ui/idea-list.js", "/js/ui/idea-title.js", "/js/ui/pending.js", "/js/ui/status-chip.js", "/js/ui/vote-button.js"],
  idea: ["/js/outbox/writes.js", "/js/screens/idea.js", "/js/ui/idea-title.js", "/js/ui/pending.js", "/js/ui/status-chip.js", "/js/ui/vote-button.js"],
  inbox: ["/js/outbox/writes.js", "/js/screens/inbox.js", "/js/ui/idea-card.js", "/js/ui/idea-list.js", "/js/ui/idea-title.js", "/js/ui/pending.js", "/js/ui/status-chip.js", "/js/ui/vote-button.js"],
  join: ["/js/passkeys.js", "/js/screens/join.js", "/js/ui/page-links.js"],
  mine: ["/js/outbox/writes.js", "/js/photos.js", "/js/screens/mine.js", "/js/ui/idea-card.js", "/js/ui/idea-list.js", "/js/ui/idea-title.js", "/js/ui/outbox-list.js", "/js/ui/pending.js", "/js/ui/push-switch.js", "/js/ui/status-chip.js", "/js/ui/vote-button.js"],
  notifications: ["/js/screens/notifications.js", "/js/ui/push-switch.js"],
  privacy: ["/js/screens/privacy.js", "/js/ui/info-section.js", "/js/ui/page-links.js"],
  settings: ["/js/passkeys.js", "/js/screens/settings.js", "/js/ui/page-links.js", "/js/ui/push-switch.js"],
  signin: ["/js/passkeys.js", "/js/screens/signin.js", "/js/ui/page-links.js"],
  submit: ["/js/outbox/writes.js", "/js/photos.js", "/js/screens/submit.js", "/js/ui/idea-form.js"],
};
// </screen-modules>
const asked = new Set();

// Ask for all of a screen's modules at once, then import it: left alone the
// browser finds them one import level at a time, a round trip per level.
export function loadScreen(screen) {
  for (const href of SCREEN_MODULES[screen] || []) {
    if (asked.has(href)) continue;
    asked.add(href);
    document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));
  }
  return import(`./screens/${screen}.js`);
}

// What each route parameter may hold; a name without a type here is refused,
// so a new route must say. Screens put parameters into API paths, and a
// decoded one such as "../../v1/notifications" (from ..%2F..%2Fv1%2Fnotifications)
// would fetch another API path: a parameter that does not fit is "no such page".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PARAM_TYPES = {
  id: (v) => isUuid(v),
  token: (v) => /^[A-Za-z0-9_-]{1,200}$/.test(v),
};

/** Whether a value from a URL is a UUID, so that it may stand in an API path. */
export function isUuid(value) {
  return typeof value === 'string' && UUID.test(value);
}

function compile(path) {
  const names = [];
  const source = path.replace(/:(\w+)/g, (_, n) => {
    if (!PARAM_TYPES[n]) throw new Error(`Route parameter :${n} has no type in PARAM_TYPES`);
    names.push(n);
    return '([^/]+)';
  });
  return { re: new RegExp(`^${source}/?$`), names };
}

const compiled = ROUTES.map((r) => ({ ...r, ...compile(r.path) }));

function decode(part) {
  try { return decodeURIComponent(part); } catch { return null; } // a malformed %-escape
}

export function match(pathname) {
  for (const r of compiled) {
    const m = r.re.exec(pathname);
    if (!m) continue;
    const values = r.names.map((n, i) => [n, decode(m[i + 1])]);
    if (values.every(([n, v]) => v !== null && PARAM_TYPES[n](v))) return { route: r, params: Object.fromEntries(values) };
  }
  return null;
}

// Same-origin links inside the app change the route without a page load.
export function interceptLinks(onNavigate) {
  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download') || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    if (url.pathname === location.pathname && url.hash) {
      document.getElementById(url.hash.slice(1))?.focus();
      return;
    }
    navigate(url.pathname + url.search);
  });
  addEventListener('popstate', () => onNavigate());
  navigateHandler = onNavigate;
}

let navigateHandler = () => {};

export function navigate(path, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', path);
  return navigateHandler();
}
