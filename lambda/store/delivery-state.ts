/**
 * What a reader has received: one item per reader in the delivery ledger's table
 * (dynamodb-delivery-states.ts), rewritten after each digest they get. Bounded, unlike the per-reader
 * S3 map of every article received in 45 days it replaces: a watermark in index time
 * (ListedArticle.indexedAt), plus the few articles indexed after it that the reader already got.
 */
export interface DeliveryState {
  /** Every article indexed at or before this was dealt with for the reader. Null: never mailed by this version. */
  readonly deliveredThrough: string | null;
  /** Articles indexed after deliveredThrough that the reader already received. */
  readonly recentArticleIds: readonly string[];
}

export const NO_DELIVERY_STATE: DeliveryState = { deliveredThrough: null, recentArticleIds: [] };
