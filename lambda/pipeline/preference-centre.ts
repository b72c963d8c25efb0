import { escapeHtml } from '../digest/escape-html.js';
import type { Logger } from '../log.js';
import type { UnsubscribeClaim } from '../mail/unsubscribe-token.js';
import { effectiveTopics } from '../store/dynamodb-subscriber-repository.js';
import type { Cadence, SubscriberRecord } from '../store/subscriber.js';
import type { SubscriberPreferences } from '../store/subscriber-preferences.js';
import { page, type PublicResponse } from './public-page.js';
import { parseSignupChoices, SIGNUP_FIELDS } from './signup-choices.js';
import { cadenceOptions, problemList, SIGNUP_PATH, topicCheckboxes } from './signup-page.js';

/** The preference centre's buttons besides unsubscribe ("all"), which the unsubscribe page already handles. */
export const PREFERENCE_ACTIONS = ['preferences', 'pause', 'resume'] as const;
export type PreferenceAction = (typeof PREFERENCE_ACTIONS)[number];

export function isPreferenceAction(action: string | null): action is PreferenceAction {
  return (PREFERENCE_ACTIONS as readonly string[]).includes(action ?? '');
}

/** A reader the centre can show: subscribed (active or paused), with the choices an import or signup wrote. */
export type SubscribedRecord = SubscriberRecord & { readonly status: 'active' | 'paused'; readonly topics: readonly string[]; readonly cadence: Cadence };

export function isSubscribed(record: SubscriberRecord | null): record is SubscribedRecord {
  return record !== null && (record.status === 'active' || record.status === 'paused') && record.topics !== undefined && record.cadence !== undefined;
}

/** The query of the link the page was opened with, for its form to post back to. */
interface LinkQuery {
  readonly p: string;
  readonly s: string;
}

/** What the page shows as chosen: the reader's topics less the ones they stopped ("*" unstopped stays "Everything"). */
function shownTopics(record: SubscribedRecord): readonly string[] {
  return effectiveTopics(record.topics, record.stoppedTopics) ?? [];
}

/**
 * The preference centre a digest's "Unsubscribe or change your topics" link opens: topics,
 * cadence and time zone, pause or resume, and unsubscribe. Only the buttons (POST) change anything.
 */
export function preferenceCentrePage(record: SubscribedRecord, query: LinkQuery, customTopicNames: readonly string[], options: { problems?: readonly string[]; notice?: string; status?: number } = {}): PublicResponse {
  const action = `?p=${encodeURIComponent(query.p)}&amp;s=${encodeURIComponent(query.s)}`;
  const hidden = `<input type="hidden" name="p" value="${escapeHtml(query.p)}"><input type="hidden" name="s" value="${escapeHtml(query.s)}">`;
  const paused = record.status === 'paused';
  const standing = paused
    ? '<p><strong>Your digests are paused.</strong> Nothing is sent until you resume them here.</p>'
    : '';
  const notice = options.notice ? `<p role="status"><strong>${escapeHtml(options.notice)}</strong></p>` : '';
  const content = `${notice}${problemList(options.problems ?? [])}<p>Digests for <strong>${escapeHtml(record.email ?? '')}</strong>. Changes apply from the next digest.</p>${standing}
<form method="post" action="${action}">${hidden}
<fieldset><legend>Topics</legend>${topicCheckboxes(customTopicNames, shownTopics(record))}</fieldset>
<label for="cadence">How often</label><select id="cadence" name="${SIGNUP_FIELDS.cadence}">${cadenceOptions(record.cadence)}</select>
<label for="timezone">Time zone</label><input type="text" id="timezone" name="${SIGNUP_FIELDS.timezone}" maxlength="64" placeholder="e.g. Europe/Berlin" value="${escapeHtml(record.timezone ?? '')}">
<p class="hint">Empty: the newsletter's default.</p>
<p><button type="submit" name="action" value="preferences">Save my choices</button></p>
<p>${paused ? '<button type="submit" name="action" value="resume" class="secondary">Resume my digests</button>' : '<button type="submit" name="action" value="pause" class="secondary">Pause my digests</button>'}</p>
<p><button type="submit" name="action" value="all" class="secondary">Unsubscribe from all digests</button></p></form>`;
  return page('Your newsdrop digests', content, options.status ?? 200);
}

/** The page for a link whose reader is no longer subscribed: nothing to change, a way back in. */
export function notSubscribedPage(): PublicResponse {
  return page('Not subscribed', `<p>This address gets no digests now, so there is nothing to change. To get them again, <a href="${SIGNUP_PATH}">sign up</a>.</p>`);
}

interface PreferenceDependencies {
  readonly preferences: Pick<SubscriberPreferences, 'change' | 'pause' | 'resume'>;
  readonly logger: Logger;
}

/**
 * One button of the preference centre, for the reader the link names. Acts only on a reader who is
 * still subscribed (the writes are conditional), so a link from an old digest never brings back
 * someone who left. Answers the centre again, with what happened or what was wrong with the form.
 */
export async function applyPreferenceAction(
  claim: UnsubscribeClaim,
  action: PreferenceAction,
  form: URLSearchParams,
  record: SubscriberRecord | null,
  query: LinkQuery,
  customTopicNames: readonly string[],
  deps: PreferenceDependencies,
  now: Date,
): Promise<PublicResponse> {
  if (!isSubscribed(record)) return notSubscribedPage();
  let notice: string;
  let updated: SubscribedRecord;
  if (action === 'preferences') {
    const parsed = parseSignupChoices(
      { email: claim.email, name: '', topics: form.getAll(SIGNUP_FIELDS.topics).slice(0, 100), cadence: (form.get(SIGNUP_FIELDS.cadence) ?? '').slice(0, 400), timezone: (form.get(SIGNUP_FIELDS.timezone) ?? '').slice(0, 400) },
      customTopicNames,
    );
    if (!parsed.ok) return preferenceCentrePage(record, query, customTopicNames, { problems: parsed.problems, status: 400 });
    const { topics, cadence, timezone } = parsed.choices;
    if ((await deps.preferences.change(claim.email, { topics, cadence, ...(timezone ? { timezone } : {}) }, now)) === 'not-subscribed') return notSubscribedPage();
    const { timezone: _old, stoppedTopics: _stopped, ...rest } = record;
    updated = { ...rest, topics, cadence, ...(timezone ? { timezone } : {}) };
    notice = 'Saved. Your next digest follows these choices.';
  } else if (action === 'pause') {
    if ((await deps.preferences.pause(claim.email, now)) === 'not-subscribed' && record.status !== 'paused') return notSubscribedPage();
    updated = { ...record, status: 'paused' };
    notice = 'Your digests are paused. Come back to this page (the link in your last digest) to resume them.';
  } else {
    if ((await deps.preferences.resume(claim.email, record.cadence, now)) === 'not-subscribed' && record.status !== 'active') return notSubscribedPage();
    updated = { ...record, status: 'active' };
    notice = 'Your digests are back, from the next one.';
  }
  deps.logger.info('preferences changed', { action });
  return preferenceCentrePage(updated, query, customTopicNames, { notice });
}
