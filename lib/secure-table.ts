import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { KeyAttribute } from '../lambda/store/table-keys.js';

export interface SecureTableOptions {
  /** Partition key, and sort key if any, from the table's definition in lambda/store. */
  readonly keys: readonly KeyAttribute[];
  readonly timeToLiveAttribute?: string;
  readonly removalPolicy: RemovalPolicy;
}

const ATTRIBUTE_TYPES = { S: dynamodb.AttributeType.STRING } as const;

/**
 * A DynamoDB table with newsdrop's defaults: on-demand (bursty work, idle in between),
 * point-in-time recovery, AWS-managed encryption. Keys come from the same definition the store
 * code and the local emulator use, so the deployed table cannot drift from them.
 */
export function secureTable(scope: Construct, id: string, options: SecureTableOptions): dynamodb.Table {
  const attribute = (key: KeyAttribute | undefined) => (key ? { name: key.name, type: ATTRIBUTE_TYPES[key.type] } : undefined);
  const partition = attribute(options.keys.find((key) => key.keyType === 'HASH'));
  if (!partition) throw new Error(`table ${id}: its key definition has no partition (HASH) key`);
  return new dynamodb.Table(scope, id, {
    partitionKey: partition,
    sortKey: attribute(options.keys.find((key) => key.keyType === 'RANGE')),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: options.timeToLiveAttribute,
    removalPolicy: options.removalPolicy,
  });
}

/** The key attributes of an index, for addGlobalSecondaryIndex. */
export function indexKeys(keys: readonly KeyAttribute[]): Pick<dynamodb.GlobalSecondaryIndexProps, 'partitionKey' | 'sortKey'> {
  const partition = keys.find((key) => key.keyType === 'HASH');
  const sort = keys.find((key) => key.keyType === 'RANGE');
  if (!partition) throw new Error('index key definition has no partition (HASH) key');
  return {
    partitionKey: { name: partition.name, type: ATTRIBUTE_TYPES[partition.type] },
    sortKey: sort ? { name: sort.name, type: ATTRIBUTE_TYPES[sort.type] } : undefined,
  };
}
