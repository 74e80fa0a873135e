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
  { path: '/admin', screen: 'admin', roles: ['admin'] },
  { path: '/settings', screen: 'settings', nav: 'settings' },
  { path: '/notifications', screen: 'notifications' },
  { path: '/join/:token', screen: 'join', public: true },
  { path: '/signin', screen: 'signin', public: true },
  { path: '/privacy', screen: 'privacy', public: true, info: true },
  { path: '/accessibility', screen: 'accessibility', public: true, info: true },
];

function compile(path) {
  const names = [];
  const source = path.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; });
  return { re: new RegExp(`^${source}/?$`), names };
}

const compiled = ROUTES.map((r) => ({ ...r, ...compile(r.path) }));

export function match(pathname) {
  for (const r of compiled) {
    const m = r.re.exec(pathname);
    if (m) return { route: r, params: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
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
