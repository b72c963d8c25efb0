import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient } from '../../lambda/aws-clients.js';

/**
 * Where `newsdrop subscribers` works: a running local mode (its DynamoDB, and its S3 bucket for
 * config/topics.json), a deployed stack, or a table named outright.
 */
export type SubscriberTableLocation =
  | { readonly kind: 'local'; readonly dynamoDbPort: number; readonly tableName: string; readonly s3Port: number; readonly bucket: string }
  | { readonly kind: 'stack'; readonly stackName: string }
  | { readonly kind: 'table'; readonly tableName: string };

/** The stack output that names the subscriber table (lib/newsdrop-stack.ts). */
export const SUBSCRIBER_TABLE_OUTPUT = 'SubscriberTableName';
export const BUCKET_OUTPUT = 'BucketName';

export class StackOutputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackOutputError';
  }
}

/** What the CLI needs of CloudFormation: one DescribeStacks. A fake in tests. */
export interface StackDescriber {
  send(command: DescribeStacksCommand): Promise<{ Stacks?: { Outputs?: { OutputKey?: string; OutputValue?: string }[] }[] }>;
}

/** The named outputs of a deployed stack; a missing stack or output is an error naming what to check. */
export async function stackOutputs(cloudFormation: StackDescriber, stackName: string, wanted: readonly string[]): Promise<Record<string, string>> {
  let stacks: Awaited<ReturnType<StackDescriber['send']>>['Stacks'];
  try {
    ({ Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    throw new StackOutputError(`could not describe stack ${stackName}: ${(error as Error).message} (check the name, the region in AWS_REGION and your credentials)`, { cause: error });
  }
  const outputs = Object.fromEntries((stacks?.[0]?.Outputs ?? []).flatMap((output) => (output.OutputKey && output.OutputValue ? [[output.OutputKey, output.OutputValue]] : [])));
  const missing = wanted.filter((name) => !(name in outputs));
  if (missing.length > 0) throw new StackOutputError(`stack ${stackName} has no output ${missing.join(', ')}: deploy this version of newsdrop first`);
  return outputs;
}

export function cloudFormationClient(): StackDescriber {
  return new CloudFormationClient({});
}

/** A DocumentClient and table name for the location; local mode's dynalite takes any fixed credentials. */
export async function openSubscriberTable(location: SubscriberTableLocation, describer: () => StackDescriber = cloudFormationClient): Promise<{ client: DynamoDBDocumentClient; tableName: string }> {
  if (location.kind === 'local') {
    const client = createDynamoDbDocumentClient(process.env, {
      endpoint: `http://127.0.0.1:${location.dynamoDbPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return { client, tableName: location.tableName };
  }
  const tableName = location.kind === 'table' ? location.tableName : (await stackOutputs(describer(), location.stackName, [SUBSCRIBER_TABLE_OUTPUT]))[SUBSCRIBER_TABLE_OUTPUT]!;
  return { client: createDynamoDbDocumentClient(), tableName };
}
