// Onboarding from an invitation link: name yourself, then create a passkey.
// The same link re-admits someone who lost their phone (recovery).
import { h, uid, clear, announce } from '../dom.js';
import { t, LANGUAGES, language, setLanguage } from '../i18n.js';
import { api, isOffline } from '../api.js';
import * as passkeys from '../passkeys.js';
import * as session from '../session.js';
import { afterSignIn } from '../outbox/sync.js';
import pageLinks from '../ui/page-links.js';

export default async function join(view, { params, navigate }) {
  const body = h('div', {});
  view.append(h('h1', { tabindex: '-1', text: t('join.title') }), body, pageLinks());
  let invitation;
  try {
    invitation = await api(`/invitations/${encodeURIComponent(params.token)}`);
  } catch (err) {
    body.append(h('p', { class: 'error', role: 'alert', text: isOffline(err) ? t('join.offline') : `${t('join.invalid')} ${err.message}` }));
    return;
  }
  if (!invitation.valid) {
    body.append(h('p', { class: 'error', role: 'alert', text: t('join.invalid') }));
    return;
  }
  const ids = { name: uid(), lang: uid() };
  const name = h('input', { id: ids.name, type: 'text', required: true, maxlength: 80, autocomplete: 'name' });
  name.value = invitation.display_name || '';
  const lang = h('select', { id: ids.lang }, Object.entries(LANGUAGES).map(([code, label]) =>
    h('option', { value: code, selected: code === language(), text: label })));
  lang.addEventListener('change', () => setLanguage(lang.value));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'stack', novalidate: true },
    h('p', { class: 'lead', text: t(invitation.recovery ? 'join.recovery_intro' : 'join.intro', { unit: invitation.unit.name }) }),
    h('div', { class: 'field' }, h('label', { for: ids.name, text: t('join.name') }), name),
    h('div', { class: 'field' }, h('label', { for: ids.lang, text: t('settings.language') }), lang),
    error,
    h('button', { type: 'submit', class: 'btn primary big', text: t('join.continue') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!name.value.trim()) { error.textContent = t('join.name_required'); name.focus(); return; }
    try {
      const me = await api(`/invitations/${encodeURIComponent(params.token)}/redeem`, {
        method: 'POST', body: { display_name: name.value.trim(), language: lang.value } });
      await session.set(me);
      afterSignIn();
      passkeyStep();
    } catch (err) {
      error.textContent = isOffline(err) ? t('join.offline') : `${t('join.failed')} ${err.message}`;
    }
  });
  body.append(form);

  function passkeyStep() {
    const err = h('p', { class: 'error', role: 'alert' });
    const create = h('button', { type: 'button', class: 'btn primary big', text: t('passkey.create') });
    create.addEventListener('click', async () => {
      err.textContent = '';
      try {
        await passkeys.register(passkeys.deviceName());
        announce(t('passkey.created'));
        navigate('/', { replace: true });
      } catch (x) {
        err.textContent = x.name === 'NotAllowedError' ? t('signin.cancelled') : `${t('passkey.failed')} ${x.message}`;
      }
    });
    clear(body, h('h2', { tabindex: '-1', text: t('passkey.heading') }), h('p', { class: 'lead', text: t('passkey.why') }),
      passkeys.supported() ? create : h('p', { class: 'error', text: t('signin.unsupported') }), err,
      h('a', { href: '/', class: 'btn link', text: t('passkey.later') }));
    body.querySelector('h2').focus();
  }
}
