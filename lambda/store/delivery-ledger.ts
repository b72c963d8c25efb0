import { randomUUID } from 'node:crypto';
import type { ObjectStore } from './object-store.js';
import { readJson, readJsonVersion, writeJson } from './json-object.js';
import { ledgerKey } from './keys.js';

type DeliveryStatus = 'claimed' | 'sent' | 'failed';

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
   * Unique per claim attempt. When S3 applied a conditional write but its answer was lost, the
   * SDK's retry is refused (the entry exists now); the id tells our own claim from another run's.
   */
  readonly claimId?: string;
  /** The claiming run cannot be working past this (its invocation's deadline); after it the claim is abandoned. */
  readonly leaseUntil?: string;
}

type ClaimResult = { readonly claimed: true; readonly recovered?: boolean } | { readonly claimed: false; readonly existing: LedgerEntry };

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

function isAbandoned(entry: LedgerEntry, now: Date): boolean {
  if (entry.status !== 'claimed') return false;
  const leaseUntil = entry.leaseUntil ? Date.parse(entry.leaseUntil) : Date.parse(entry.claimedAt) + CLAIM_LEASE_MS;
  return now.getTime() > leaseUntil + CLAIM_CLOCK_SKEW_MS;
}

/**
 * sent/<digestId>/<subscriberKey>.json: one entry per (digest, subscriber), claimed with a
 * conditional write before the mail goes out, so a retried or concurrent run never mails twice.
 */
export class DeliveryLedger {
  constructor(private readonly store: ObjectStore) {}

  /** `leaseUntil`: when the claiming run will have stopped at the latest (its deadline). */
  async claim(
    digestId: string,
    subscriberKey: string,
    articleIds: readonly string[],
    now = new Date(),
    leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS),
  ): Promise<ClaimResult> {
    const key = ledgerKey(digestId, subscriberKey);
    // Read first: cheap, and it also covers stores that ignore If-None-Match (the local emulator).
    const before = await readJsonVersion<LedgerEntry>(this.store, key);
    const entry: LedgerEntry = {
      digestId,
      subscriberKey,
      articleIds,
      status: 'claimed',
      claimedAt: now.toISOString(),
      leaseUntil: leaseUntil.toISOString(),
      claimId: randomUUID(),
    };
    if (before) {
      if (!isAbandoned(before.value, now) || !before.etag) return { claimed: false, existing: before.value };
      if ((await writeJson(this.store, key, entry, { ifMatch: before.etag })) === 'written') return { claimed: true, recovered: true };
      return this.refused(key, entry, { recovered: true });
    }
    if ((await writeJson(this.store, key, entry, { ifNoneMatch: true })) === 'written') return { claimed: true };
    return this.refused(key, entry, {});
  }

  /** A conditional write was refused: by another run's claim, or by our own whose answer was lost. */
  private async refused(key: string, entry: LedgerEntry, ours: { recovered?: boolean }): Promise<ClaimResult> {
    const existing = await readJson<LedgerEntry>(this.store, key);
    if (!existing || existing.claimId === entry.claimId) return { claimed: true, ...ours };
    return { claimed: false, existing };
  }

  async get(digestId: string, subscriberKey: string): Promise<LedgerEntry | null> {
    return readJson<LedgerEntry>(this.store, ledgerKey(digestId, subscriberKey));
  }

  async markSent(entry: Pick<LedgerEntry, 'digestId' | 'subscriberKey' | 'articleIds' | 'claimedAt'>, messageId: string, now = new Date()) {
    const sent: LedgerEntry = { ...entry, status: 'sent', sentAt: now.toISOString(), messageId };
    await writeJson(this.store, ledgerKey(entry.digestId, entry.subscriberKey), sent);
  }

  async markFailed(entry: Pick<LedgerEntry, 'digestId' | 'subscriberKey' | 'articleIds' | 'claimedAt'>, error: { code: string; message: string }) {
    const failed: LedgerEntry = { ...entry, status: 'failed', error };
    await writeJson(this.store, ledgerKey(entry.digestId, entry.subscriberKey), failed);
  }

  /** Gives a claim back after a transient failure so a later run sends it. */
  async release(digestId: string, subscriberKey: string): Promise<void> {
    await this.store.delete(ledgerKey(digestId, subscriberKey));
  }
}
