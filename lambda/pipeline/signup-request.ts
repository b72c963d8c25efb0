import { escapeHtml } from '../digest/escape-html.js';
import type { Logger } from '../log.js';
import { composeNoticeMessage } from '../mail/compose-notice.js';
import { MailError } from '../mail/mail-error.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { SigningKeyring } from '../mail/signing-keyring.js';
import { createSignupQuery, type SignupClaim, verifySignupToken } from '../mail/signup-token.js';
import { InvalidTokenError } from '../mail/unsubscribe-token.js';
import type { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import type { SubscriberSignups } from '../store/subscriber-signups.js';
import type { UsedLinkRepository } from '../store/used-link-repository.js';
import { operatorTopicsOrNone } from './offered-topics.js';
import { page, type PublicResponse } from './public-page.js';
import { parseSignupChoices, SIGNUP_FIELDS, type SignupChoices, signupDraftOf } from './signup-choices.js';
import { CONFIRM_PATH, checkInboxPage, confirmationMailBodies, confirmPage, SIGNUP_PATH, signupFormPage } from './signup-page.js';
import { FormBodyError, readFormFields } from './unsubscribe-form.js';
import type { UnsubscribeRequest } from './unsubscribe-request.js';

/** Confirmation mails to one address in one UTC day, however often its form is posted. */
export const CONFIRMATION_MAILS_PER_DAY = 3;

export interface SignupRequest extends UnsubscribeRequest {
  /** The path the endpoint was called at: SIGNUP_PATH or CONFIRM_PATH. */
  readonly path: string;
  /** The Origin header of the request, if any: the site whose form was posted. */
  readonly origin?: string | undefined;
  /** The endpoint's own base URL (https://…/), which confirmation links point to. */
  readonly baseUrl: string;
}

export interface SignupDependencies {
  readonly subscribers: Pick<DynamoDbSubscriberRepository, 'get'>;
  readonly signups: Pick<SubscriberSignups, 'recordPending' | 'takeConfirmationMail' | 'confirm'>;
  readonly usedLinks: Pick<UsedLinkRepository, 'firstUse' | 'recordUse'>;
  readonly signing: SigningKeyring;
  readonly mail: MailSender;
  /** The From header of confirmation mails (the digests' sender). */
  readonly from: string;
  /** The operator's topics (config/topics.json), offered beside the model's labels. */
  readonly customTopicNames: () => Promise<readonly string[]>;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** @default CONFIRMATION_MAILS_PER_DAY */
  readonly mailsPerDay?: number;
}

/** Confirmation links are recorded as used under this scope and action (state/used-links/). */
const USED_LINK_SCOPE = 'signup';
const USED_LINK_ACTION = 'confirm';

/** The site a form was posted from, as recorded in the consent source: an http(s) origin, or nothing. */
function formOrigin(header: string | undefined): string | undefined {
  if (!header || header.length > 200) return undefined;
  try {
    const url = new URL(header);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const customTopics = (deps: SignupDependencies) => operatorTopicsOrNone(deps.customTopicNames, deps.logger, 'signup form');

/**
 * POST /subscribe. Every accepted signup gets the same page (checkInboxPage), whether the address
 * is new, pending, active, unsubscribed or suppressed, or the post filled the honeypot or passed
 * the day's cap: which of them it was shows only in the log.
 */
async function requestSignup(request: SignupRequest, deps: SignupDependencies, now: Date): Promise<PublicResponse> {
  let form: URLSearchParams;
  try {
    form = await readFormFields(request.body, request.contentType);
  } catch (error) {
    if (!(error instanceof FormBodyError)) throw error;
    deps.logger.warn('signup body refused', { status: error.status, reason: error.message });
    return page('Nothing was sent', '<p>The form could not be read. Please fill it in again.</p>', error.status);
  }
  if ((form.get(SIGNUP_FIELDS.honeypot) ?? '') !== '') {
    deps.logger.info('signup ignored: honeypot filled');
    return checkInboxPage();
  }
  const topicNames = await customTopics(deps);
  const parsed = parseSignupChoices(signupDraftOf(form), topicNames);
  if (!parsed.ok) return signupFormPage(topicNames, parsed.draft, parsed.problems, 400);
  const choices = parsed.choices;

  const record = await deps.subscribers.get(choices.email);
  if (record?.status === 'suppressed') {
    // A hard bounce or a complaint: never mailed again, confirmation or not.
    deps.logger.info('signup of a suppressed address: no mail', { status: record.status });
    return checkInboxPage();
  }
  if (!(await deps.signups.takeConfirmationMail(choices.email, now.toISOString().slice(0, 10), deps.mailsPerDay ?? CONFIRMATION_MAILS_PER_DAY))) {
    deps.logger.warn('signup: confirmation mails for this address used up today, none sent');
    return checkInboxPage();
  }
  // Only a new or pending address is written now; anyone else stays as they are until the link is used.
  const recorded = !record?.status || record.status === 'pending' ? await deps.signups.recordPending(choices, now) : false;
  const origin = formOrigin(request.origin);
  const claim: SignupClaim = { ...choices, ...(origin ? { origin } : {}), issuedAt: Math.floor(now.getTime() / 1000) };
  const confirmUrl = new URL(CONFIRM_PATH, request.baseUrl);
  confirmUrl.search = createSignupQuery(claim, deps.signing.current);
  const bodies = confirmationMailBodies(choices, confirmUrl.href);
  const raw = await composeNoticeMessage({ from: deps.from, to: { email: choices.email, ...(choices.name ? { name: choices.name } : {}) }, ...bodies });
  try {
    await deps.mail.send(raw, [choices.email]);
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    deps.logger.error('signup confirmation mail not sent', { error });
    return page('Please try again', '<p>Your signup could not be completed just now. Please try again in a few minutes.</p>', 503);
  }
  deps.logger.info('signup confirmation mail sent', { pendingRecorded: recorded, standing: record?.status ?? 'new' });
  return checkInboxPage();
}

/** The link's claim; a version this container does not know has the keys fetched again once. */
async function verifiedClaim(request: SignupRequest, deps: SignupDependencies, now: Date): Promise<SignupClaim> {
  const payload = request.query['p'] ?? '';
  const signature = request.query['s'] ?? '';
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return deps.signing.verify((keys) => verifySignupToken(payload, signature, keys, nowSeconds));
}

/**
 * GET /subscribe/confirm shows what the link will do, with a button; POST does it (mail link
 * scanners fetch every link, and must not confirm for the reader). A link acts once: used, or
 * outranked by an unsubscribe or suppression since it was issued, it changes nothing.
 */
async function confirmSignup(request: SignupRequest, deps: SignupDependencies, now: Date): Promise<PublicResponse> {
  let claim: SignupClaim;
  try {
    claim = await verifiedClaim(request, deps, now);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    deps.logger.warn('signup confirmation refused', { reason: error.message });
    return page('This link does not work', `<p>${escapeHtml(error.message)}. Sign up again to get a new link.</p>`, 403);
  }
  const parsed = parseSignupChoices({ email: claim.email, name: claim.name ?? '', topics: claim.topics, cadence: claim.cadence, timezone: claim.timezone ?? '' }, await customTopics(deps));
  if (!parsed.ok) {
    // A topic the operator has since removed: the reader chooses again.
    deps.logger.warn('signup confirmation refused: choices no longer offered', { problems: parsed.problems });
    return page('Please sign up again', `<p>Some of your choices are no longer offered (${escapeHtml(parsed.problems.join('; '))}). <a href="${SIGNUP_PATH}">Sign up again</a>.</p>`, 409);
  }
  const choices: SignupChoices = parsed.choices;
  const link = { email: claim.email, scope: USED_LINK_SCOPE, issuedAt: claim.issuedAt };
  const used = await deps.usedLinks.firstUse(link, USED_LINK_ACTION);
  if (used) {
    deps.logger.info('signup confirmation link replayed, nothing changed', { firstUsedAt: used.at });
    return page('Already confirmed', '<p>This link was already used, so nothing changed.</p>');
  }
  if (request.method.toUpperCase() === 'GET') return confirmPage(choices, { p: request.query['p'] ?? '', s: request.query['s'] ?? '' });

  const source = `signup form ${claim.origin ?? new URL(request.baseUrl).origin}, confirmed`;
  const outcome = await deps.signups.confirm({ ...choices, consentAt: now.toISOString(), consentSource: source }, new Date(claim.issuedAt * 1000), now);
  // Recorded either way: a refused link stays refused, whatever happens to the reader later.
  await deps.usedLinks.recordUse(link, USED_LINK_ACTION, now);
  deps.logger.info('signup confirmation', { outcome });
  if (outcome === 'refused') return page('This link no longer works', '<p>Nothing changed. Sign up again to get a new link.</p>', 410);
  return page('You are subscribed', `<p>Digests will come to <strong>${escapeHtml(choices.email)}</strong>. Every digest has links to change your topics or unsubscribe.</p>`);
}

/** A path as the routes name it: "/subscribe/" is "/subscribe". */
const routeOf = (path: string) => path.replace(/\/+$/, '') || '/';

/** Whether the public endpoint routes this path to signup (the rest is unsubscribe). */
export function isSignupPath(path: string): boolean {
  const route = routeOf(path);
  return route === SIGNUP_PATH || route === CONFIRM_PATH;
}

/**
 * The signup side of the public endpoint: the form (GET /subscribe), a signup (POST /subscribe)
 * and its confirmation (/subscribe/confirm). Malformed input is a 4xx; a dependency failing (SES,
 * DynamoDB) a 503 that asks the reader to retry.
 */
export async function handleSignup(request: SignupRequest, deps: SignupDependencies): Promise<PublicResponse> {
  const method = request.method.toUpperCase();
  const now = (deps.now ?? (() => new Date()))();
  if (method !== 'GET' && method !== 'POST') return { status: 405, contentType: 'text/plain; charset=utf-8', body: 'Method not allowed' };
  try {
    if (routeOf(request.path) === CONFIRM_PATH) return await confirmSignup(request, deps, now);
    if (method === 'GET') return signupFormPage(await customTopics(deps));
    return await requestSignup(request, deps, now);
  } catch (error) {
    deps.logger.error('signup failed', { path: request.path, method, error });
    return page('Please try again', '<p>This could not be done just now. Please try again in a few minutes.</p>', 503);
  }
}
