// New idea, camera first. It goes into the outbox and appears at once in
// "my ideas"; the outbox sends it when there is a connection.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { submitIdea } from '../outbox/writes.js';
import ideaForm from '../ui/idea-form.js';

export default async function submit(view, { navigate }) {
  let form;
  view.append(
    h('h1', { tabindex: '-1', text: t('submit.heading') }),
    h('p', { class: 'lead', text: t('submit.intro') }),
    form = ideaForm({
      submitLabel: t('submit.send'),
      onSubmit: async (idea) => {
        await submitIdea(idea);
        sessionStorage.setItem('gnista.flash', navigator.onLine ? t('submit.queued_online') : t('submit.queued_offline'));
        navigate('/mine');
      },
    }));
  // Similar ideas under the text (ui/similar.js): sending never waits for them.
  import('../ui/similar.js').then((m) => m.default(form, navigate)).catch(() => {});
}
