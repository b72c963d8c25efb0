import { createHash } from 'node:crypto';
import { escapeHtml } from '../digest/escape-html.js';
import { compareTopics, topicTitle } from '../digest/topic-order.js';
import { CADENCES } from '../store/subscriber.js';
import { TOPIC_LABELS } from '../topics/topic.js';
import { page, type PublicResponse } from './public-page.js';
import { SIGNUP_FIELDS, type SignupChoices, type SignupDraft } from './signup-choices.js';

/** Where the endpoint serves the form, and the page a confirmation link opens. */
export const SIGNUP_PATH = '/subscribe';
export const CONFIRM_PATH = '/subscribe/confirm';

/**
 * Fills the time zone field from the browser. Without script (or on a browser that does not know
 * its zone) the field stays empty and the reader gets the newsletter's default, or types one.
 */
const TIMEZONE_SCRIPT = `(function(){var f=document.getElementById('timezone');if(!f||f.value)return;try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z)f.value=z}catch(e){}})();`;

/**
 * The form's headers: the same strict policy as every page of the endpoint, but its one inline
 * script may run, named by its hash (no 'unsafe-inline' for scripts).
 */
export const SIGNUP_FORM_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(TIMEZONE_SCRIPT).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const CADENCE_TITLES: Record<string, string> = { instant: 'As stories arrive', daily: 'Daily', weekly: 'Weekly' };

/** The topics the form offers, in digest order: everything, the model's labels, then the operator's. */
export function offeredTopics(customTopicNames: readonly string[]): string[] {
  return ['*', ...[...new Set([...TOPIC_LABELS, ...customTopicNames])].sort(compareTopics)];
}

const topicName = (topic: string) => (topic === '*' ? 'Everything' : topicTitle(topic));

export const EMPTY_DRAFT: SignupDraft = { email: '', name: '', topics: [], cadence: 'daily', timezone: '' };

/** One checkbox per offered topic, the chosen ones checked (the signup form and the preference centre). */
export function topicCheckboxes(customTopicNames: readonly string[], chosenTopics: readonly string[]): string {
  const chosen = new Set(chosenTopics);
  return offeredTopics(customTopicNames)
    .map((topic) => `<label><input type="checkbox" name="${SIGNUP_FIELDS.topics}" value="${escapeHtml(topic)}"${chosen.has(topic) ? ' checked' : ''}> ${escapeHtml(topicName(topic))}</label>`)
    .join('');
}

/** The cadence choices, `selected` preselected. */
export function cadenceOptions(selected: string): string {
  return CADENCES.map((cadence) => `<option value="${cadence}"${selected === cadence ? ' selected' : ''}>${CADENCE_TITLES[cadence]}</option>`).join('');
}

/** Problems phrased for the reader, escaped, as an alert above a form. */
export function problemList(problems: readonly string[]): string {
  return problems.length > 0 ? `<ul class="error" role="alert">${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>` : '';
}

/** The signup form; `problems` (already phrased for the reader) are listed above it. */
export function signupFormPage(customTopicNames: readonly string[], draft: SignupDraft = EMPTY_DRAFT, problems: readonly string[] = [], status = 200): PublicResponse {
  const topics = topicCheckboxes(customTopicNames, draft.topics);
  const cadences = cadenceOptions(draft.cadence);
  const content = `${problemList(problems)}<form method="post" action="${SIGNUP_PATH}">
<label for="email">Email address</label><input type="email" id="email" name="${SIGNUP_FIELDS.email}" required maxlength="254" autocomplete="email" value="${escapeHtml(draft.email)}">
<label for="name">Name <span class="hint">(optional)</span></label><input type="text" id="name" name="${SIGNUP_FIELDS.name}" maxlength="200" autocomplete="name" value="${escapeHtml(draft.name)}">
<fieldset><legend>Topics</legend>${topics}</fieldset>
<label for="cadence">How often</label><select id="cadence" name="${SIGNUP_FIELDS.cadence}">${cadences}</select>
<label for="timezone">Time zone</label><input type="text" id="timezone" name="${SIGNUP_FIELDS.timezone}" maxlength="64" placeholder="e.g. Europe/Berlin" value="${escapeHtml(draft.timezone)}">
<p class="hint">Filled in from your browser; leave it empty for the newsletter's default.</p>
<div class="trap" aria-hidden="true"><label for="website">Leave this empty</label><input type="text" id="website" name="${SIGNUP_FIELDS.honeypot}" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">Subscribe</button></p>
<p class="hint">We will send you one mail to confirm; nothing else is sent until you do.</p></form>
<script>${TIMEZONE_SCRIPT}</script>`;
  return page('Subscribe to the newsdrop digest', content, status, { 'content-security-policy': SIGNUP_FORM_CSP });
}

/** The one answer to every accepted signup, whatever the address's standing: nothing to enumerate. */
export function checkInboxPage(): PublicResponse {
  return page('Check your inbox', '<p>If the address can receive our digests, a mail with a confirmation link is on its way. Open the link within 48 hours to start your subscription.</p><p class="hint">No mail? Check your spam folder, or sign up again later.</p>');
}

/** What a confirmation link will do, with the button that does it (link scanners only GET). */
export function confirmPage(choices: SignupChoices, query: { p: string; s: string }): PublicResponse {
  const action = `${CONFIRM_PATH}?p=${encodeURIComponent(query.p)}&amp;s=${encodeURIComponent(query.s)}`;
  const topics = choices.topics.map(topicName).join(', ');
  return page(
    'Confirm your subscription',
    `<p>Digests will go to <strong>${escapeHtml(choices.email)}</strong>: ${escapeHtml(CADENCE_TITLES[choices.cadence] ?? choices.cadence)}, about ${escapeHtml(topics)}${choices.timezone ? `, in the time zone ${escapeHtml(choices.timezone)}` : ''}.</p>
<form method="post" action="${action}"><p><button type="submit">Confirm my subscription</button></p></form>`,
  );
}

/** The confirmation mail's bodies, every value escaped for its part. */
export function confirmationMailBodies(choices: SignupChoices, confirmUrl: string): { subject: string; text: string; html: string } {
  const topics = choices.topics.map(topicName).join(', ');
  const cadence = (CADENCE_TITLES[choices.cadence] ?? choices.cadence).toLowerCase();
  const what = `${cadence} news digests about ${topics}`;
  return {
    subject: 'Confirm your newsdrop subscription',
    text: `Someone, hopefully you, asked to get ${what} at this address.\n\nTo confirm, open this link within 48 hours:\n${confirmUrl}\n\nIf it was not you, ignore this mail: nothing more will be sent.\n`,
    html: `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;line-height:1.5;color:#1f2933">
<p>Someone, hopefully you, asked to get ${escapeHtml(what)} at this address.</p>
<p><a href="${escapeHtml(confirmUrl)}" style="display:inline-block;padding:.6rem 1rem;border-radius:6px;background:#0b5cad;color:#fff;text-decoration:none">Confirm my subscription</a></p>
<p>The link works for 48 hours. If it was not you, ignore this mail: nothing more will be sent.</p></body></html>`,
  };
}
