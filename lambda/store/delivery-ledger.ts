export type DeliveryStatus = 'claimed' | 'sent' | 'failed';

export interface LedgerEntry {
  readonly digestId: string;
  readonly subscriberKey: string;
  readonly articleIds: readonly string[];
  readonly status: DeliveryStatus;
  readonly claimedAt: string;
  readonly sentAt?: string;
  readonly messageId?: string;
  readonly error?: { readonly code: string; readonly message: string };
  /**
   * Unique per claim attempt. When the store applied a conditional write but its answer was lost,
   * the SDK's retry is refused (the entry exists now); the id tells our own claim from another run's.
   */
  readonly claimId?: string;
  /** The claiming run cannot be working past this (its invocation's deadline); after it the claim is abandoned. */
  readonly leaseUntil?: string;
}

export type ClaimResult = { readonly claimed: true; readonly recovered?: boolean } | { readonly claimed: false; readonly existing: LedgerEntry };

/** What markSent / markFailed need to know of the claim they close. */
export type ClaimedDelivery = Pick<LedgerEntry, 'digestId' | 'subscriberKey' | 'articleIds' | 'claimedAt'>;

/**
 * A claim whose lease has run out was left by a run that died between claiming and recording the
 * send. It is taken over and sent again: a reader may get that one digest twice if the run died
 * after SES accepted it, never zero times. The lease is the claiming run's own deadline when it
 * knows it (the Lambda timeout), so the retry Lambda makes a minute later recovers the claim;
 * otherwise this long, past the digest function's 15-minute timeout.
 */
export const CLAIM_LEASE_MS = 20 * 60 * 1000;
/** Leeway for clocks of different hosts before a lease counts as run out. */
export const CLAIM_CLOCK_SKEW_MS = 2_000;

/**
 * One entry per (digest, subscriber), claimed with a conditional write before the mail goes out,
 * so a retried or concurrent run never mails twice.
 */
export interface DeliveryLedger {
  /** `leaseUntil`: when the claiming run will have stopped at the latest (its deadline). */
  claim(digestId: string, subscriberKey: string, articleIds: readonly string[], now?: Date, leaseUntil?: Date): Promise<ClaimResult>;
  get(digestId: string, subscriberKey: string): Promise<LedgerEntry | null>;
  markSent(entry: ClaimedDelivery, messageId: string, now?: Date): Promise<void>;
  markFailed(entry: ClaimedDelivery, error: { code: string; message: string }): Promise<void>;
  /** Gives a claim back after a transient failure so a later run sends it. */
  release(digestId: string, subscriberKey: string): Promise<void>;
}
