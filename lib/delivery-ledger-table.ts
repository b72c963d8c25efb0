import { RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { DELIVERY_KEY_ATTRIBUTES, DELIVERY_TTL_ATTRIBUTE } from '../lambda/store/delivery-table.js';
import { secureTable } from './secure-table.js';

export interface DeliveryLedgerTableProps {
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.DESTROY: entries and readers' delivery states expire within 30 days
   * anyway and hold only hashed subscriber keys, digest ids, article ids, SES message ids and
   * watermarks. A stack deployed anew after deletion starts without them: a reader may get their
   * look-back window's articles once more (README, "Default settings").
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The delivery ledger: one item per (subscriber, digest), claimed with a conditional write before
 * the mail goes out, and one delivery state per reader (what they received). On-demand (runs are bursty and idle in between), point-in-time recovery,
 * encrypted with the AWS-managed key, items expire through TTL. Keys and TTL attribute come from
 * lambda/store/delivery-table.ts, which the ledger code and the local emulator use too.
 */
export class DeliveryLedgerTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DeliveryLedgerTableProps = {}) {
    super(scope, id);
    this.table = secureTable(this, 'Table', { keys: DELIVERY_KEY_ATTRIBUTES, timeToLiveAttribute: DELIVERY_TTL_ATTRIBUTE, removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY });
  }
}
