import { escapeHtml } from '../digest/escape-html.js';
import { topicTitle } from '../digest/topic-order.js';
import type { Logger } from '../log.js';
import type { SigningKeyring } from '../mail/signing-keyring.js';
import { InvalidTokenError, verifyUnsubscribeToken, type UnsubscribeClaim } from '../mail/unsubscribe-token.js';
import type { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import type { UsedLinkRepository } from '../store/used-link-repository.js';
import type { SubscriberPreferences } from '../store/subscriber-preferences.js';
import { applyPreferenceAction, isPreferenceAction, isSubscribed, preferenceCentrePage } from './preference-centre.js';
import { type PublicResponse, page } from './public-page.js';
import { FormBodyError, readFormFields } from './unsubscribe-form.js';
import { operatorTopicsOrNone } from './offered-topics.js';

export interface UnsubscribeRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The request's Content-Type header, if any: a POST body is URL-encoded or multipart/form-data. */
  readonly contentType?: string | undefined;
  /** The request body as sent (bytes, or text). */
  readonly body: string | Uint8Array;
}

/**
 * Headers of every answer: not cached (each link acts for one reader), not sniffed, no referrer
 * (the link's token must not leak to other sites), and a page that runs no script, loads nothing
 * and cannot be framed (clickjacking the unsubscribe buttons).
 */
export const UNSUBSCRIBE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
};

type UnsubscribeResponse = PublicResponse;

interface UnsubscribeDependencies {
  /** The reader's item: unsubscribe and stopTopic are single updates on it; the preference centre reads it. */
  readonly subscribers: Pick<DynamoDbSubscriberRepository, 'unsubscribe' | 'stopTopic' | 'get'>;
  /** The preference centre's changes (topics, cadence, time zone, pause, resume). */
  readonly preferences: Pick<SubscriberPreferences, 'change' | 'pause' | 'resume'>;
  /** The operator's topics (config/topics.json), offered beside the model's labels. */
  readonly customTopicNames: () => Promise<readonly string[]>;
  readonly usedLinks: Pick<UsedLinkRepository, 'firstUse' | 'recordUse'>;
  /** Fetches the keys again when a link names a version this container does not know (a rotation). */
  readonly signing: SigningKeyring;
  readonly logger: Logger;
  readonly now?: () => Date;
}

type LinkAction = 'all' | 'topic';

const customTopics = (deps: UnsubscribeDependencies) => operatorTopicsOrNone(deps.customTopicNames, deps.logger, 'preference centre');

/** What a used link answers: nothing changes, whatever the reader's choices are now. */
const ALREADY_USED = 'This link was already used, so nothing changed. To change your choices again, use the link in a newer digest.';

async function apply(claim: UnsubscribeClaim, requested: LinkAction, deps: UnsubscribeDependencies, via: string): Promise<string> {
  const now = (deps.now ?? (() => new Date()))();
  // What the link really does: a link for every mail has no topic to stop.
  const action: LinkAction = requested === 'topic' && claim.scope !== '*' ? 'topic' : 'all';
  // A replay (a kept or forwarded mail, an attacker's copy) must not undo an operator letting the
  // reader back in. Checked before and recorded after the change: a failed change leaves the link usable.
  const used = await deps.usedLinks.firstUse(claim, action);
  if (used) {
    deps.logger.info('unsubscribe link replayed, nothing changed', { via, action, firstUsedAt: used.at });
    return ALREADY_USED;
  }
  let message: string;
  if (action === 'topic') {
    // False for an address no longer on the list: it gets nothing, so the page's answer holds anyway.
    const onList = await deps.subscribers.stopTopic(claim.email, claim.scope, now);
    deps.logger.info('topic stopped', { via, topic: claim.scope, onList });
    message = `You will no longer get ${topicTitle(claim.scope)} stories. Other topics you chose keep coming.`;
  } else {
    const change = await deps.subscribers.unsubscribe(claim.email, via, now);
    deps.logger.info('unsubscribed', { via, alreadyLeft: change === 'unchanged' });
    message = 'You are unsubscribed and will get no more digests.';
  }
  await deps.usedLinks.recordUse(claim, action, now);
  return message;
}

/** The link's claim; a version this container does not know has the keys fetched again once, then is checked again. */
async function verifiedClaim(request: UnsubscribeRequest, deps: UnsubscribeDependencies): Promise<UnsubscribeClaim> {
  const payload = request.query['p'] ?? '';
  const signature = request.query['s'] ?? '';
  const nowSeconds = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  return deps.signing.verify((keys) => verifyUnsubscribeToken(payload, signature, keys, nowSeconds));
}

/**
 * One-click unsubscribe (RFC 8058): POST with List-Unsubscribe=One-Click (URL-encoded or
 * multipart/form-data) acts at once; GET only shows a confirmation page, because link scanners
 * fetch every link in a mail. Malformed input gets a 4xx: a bad link 403, a bad body 400 or 413.
 */
export async function handleUnsubscribe(request: UnsubscribeRequest, deps: UnsubscribeDependencies): Promise<UnsubscribeResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return { status: 405, contentType: 'text/plain; charset=utf-8', body: 'Method not allowed' };
  let claim: UnsubscribeClaim;
  try {
    claim = await verifiedClaim(request, deps);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      deps.logger.warn('unsubscribe refused', { method, reason: error.message });
      return page('This link does not work', `<p>${escapeHtml(error.message)}. Use the link in a recent digest, or reply to it.</p>`, 403);
    }
    // The keys could not be fetched again: the link may well be good, so the sender is asked to retry.
    deps.logger.error('unsubscribe signing keys could not be fetched again', { method, error });
    return page('Please try again', '<p>This link could not be checked just now. Please try again in a minute.</p>', 503);
  }

  if (method === 'POST') {
    let form: URLSearchParams;
    try {
      form = await readFormFields(request.body, request.contentType);
    } catch (error) {
      if (!(error instanceof FormBodyError)) throw error;
      deps.logger.warn('unsubscribe body refused', { method, status: error.status, reason: error.message });
      return page('Nothing changed', '<p>The request could not be read. Use the button on the previous page.</p>', error.status);
    }
    if (form.get('List-Unsubscribe') === 'One-Click') {
      // Mail clients: the token's own scope, no page, no redirect.
      const message = await apply(claim, claim.scope === '*' ? 'all' : 'topic', deps, 'one-click');
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: message };
    }
    const action = form.get('action');
    if (isPreferenceAction(action)) {
      const linkQuery = { p: request.query['p'] ?? '', s: request.query['s'] ?? '' };
      const record = await deps.subscribers.get(claim.email);
      return applyPreferenceAction(claim, action, form, record, linkQuery, await customTopics(deps), deps, (deps.now ?? (() => new Date()))());
    }
    if (action !== 'all' && action !== 'topic') return page('Nothing changed', '<p>Choose one of the buttons on the previous page.</p>', 400);
    return page('Done', `<p>${escapeHtml(await apply(claim, action, deps, 'page'))}</p>`);
  }

  if (claim.scope === '*') {
    // A digest's "Unsubscribe or change your topics" link: the preference centre, for a reader still subscribed.
    const record = await deps.subscribers.get(claim.email);
    if (isSubscribed(record)) return preferenceCentrePage(record, { p: request.query['p'] ?? '', s: request.query['s'] ?? '' }, await customTopics(deps));
  }
  const hidden = `<input type="hidden" name="p" value="${escapeHtml(request.query['p'] ?? '')}"><input type="hidden" name="s" value="${escapeHtml(request.query['s'] ?? '')}">`;
  const topicButton =
    claim.scope !== '*'
      ? `<p><button type="submit" name="action" value="topic">Stop only ${escapeHtml(topicTitle(claim.scope))}</button></p>`
      : '';
  const action = `?p=${encodeURIComponent(request.query['p'] ?? '')}&amp;s=${encodeURIComponent(request.query['s'] ?? '')}`;
  return page(
    'Unsubscribe from newsdrop digests',
    `<p>Digests go to <strong>${escapeHtml(claim.email)}</strong>.</p>
<form method="post" action="${action}">${hidden}${topicButton}<p><button type="submit" name="action" value="all" class="${topicButton ? 'secondary' : ''}">Unsubscribe from all digests</button></p></form>`,
  );
}
