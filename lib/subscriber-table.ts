import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ACTIVE_CADENCE_INDEX, ACTIVE_CADENCE_INDEX_KEYS, SUBSCRIBER_KEY_ATTRIBUTES } from '../lambda/store/subscriber-table.js';
import { indexKeys, secureTable } from './secure-table.js';

export interface SubscriberTableProps {
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.RETAIN: the table is the mailing list, with every reader's unsubscribe
   * and suppression; deleting the stack must not lose it (and a redeployed stack must not mail
   * people who left). Delete it by hand when it is really no longer wanted.
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The subscriber table: one item per reader keyed by address hash, with a sparse index of active
 * readers by cadence shard (layout in lambda/store/subscriber-table.ts, which the repository and
 * the local emulator use too). On-demand, point-in-time recovery, AWS-managed encryption, retained.
 */
export class SubscriberTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: SubscriberTableProps = {}) {
    super(scope, id);
    this.table = secureTable(this, 'Table', { keys: SUBSCRIBER_KEY_ATTRIBUTES, removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN });
    this.table.addGlobalSecondaryIndex({ indexName: ACTIVE_CADENCE_INDEX, ...indexKeys(ACTIVE_CADENCE_INDEX_KEYS), projectionType: dynamodb.ProjectionType.ALL });
  }

  /** The ARN of the active-readers index (what a Query on it is authorised against). */
  get activeIndexArn(): string {
    return `${this.table.tableArn}/index/${ACTIVE_CADENCE_INDEX}`;
  }
}
