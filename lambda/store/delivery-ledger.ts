import type { ObjectStore } from './object-store.js';
import { readJson, writeJson } from './json-object.js';
import { ledgerKey } from './keys.js';

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
}

export type ClaimResult = { readonly claimed: true } | { readonly claimed: false; readonly existing: LedgerEntry };

/**
 * sent/<digestId>/<subscriberKey>.json: one entry per (digest, subscriber), claimed with a
 * conditional write before the mail goes out, so a retried or concurrent run never mails twice.
 */
export class DeliveryLedger {
  constructor(private readonly store: ObjectStore) {}

  async claim(digestId: string, subscriberKey: string, articleIds: readonly string[], now = new Date()): Promise<ClaimResult> {
    const key = ledgerKey(digestId, subscriberKey);
    // Read first: cheap, and it also covers stores that ignore If-None-Match (the local emulator).
    const before = await readJson<LedgerEntry>(this.store, key);
    if (before) return { claimed: false, existing: before };
    const entry: LedgerEntry = { digestId, subscriberKey, articleIds, status: 'claimed', claimedAt: now.toISOString() };
    if ((await writeJson(this.store, key, entry, { ifNoneMatch: true })) === 'written') return { claimed: true };
    const existing = await readJson<LedgerEntry>(this.store, key);
    return existing ? { claimed: false, existing } : { claimed: true };
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
