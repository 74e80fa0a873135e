// Sign in with a passkey (Face ID, fingerprint or the phone's PIN).
import { h, announce } from '../dom.js';
import { t, setLanguage, language } from '../i18n.js';
import { isOffline } from '../api.js';
import * as passkeys from '../passkeys.js';
import * as session from '../session.js';
import { afterSignIn } from '../outbox/sync.js';
import pageLinks from '../ui/page-links.js';

export default async function signin(view, { query, navigate }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'btn primary big', text: t('signin.button') });
  button.addEventListener('click', async () => {
    error.textContent = '';
    button.disabled = true;
    try {
      const me = await passkeys.signIn();
      await session.set(me);
      if (me.language && me.language !== language()) await setLanguage(me.language);
      afterSignIn();
      announce(t('signin.done', { name: me.display_name }));
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      error.textContent = isOffline(err) ? t('signin.offline')
        : err.name === 'NotAllowedError' ? t('signin.cancelled')
        : `${t('signin.failed')} ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
  view.append(
    h('h1', { tabindex: '-1', text: t('signin.title') }),
    h('p', { class: 'lead', text: t('signin.intro') }),
    passkeys.supported() ? button : h('p', { class: 'error', text: t('signin.unsupported') }),
    error,
    h('h2', { text: t('signin.new_heading') }),
    h('p', { text: t('signin.new_text') }),
    pageLinks());
}
