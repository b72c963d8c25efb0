import type { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { openSubscriberTable, stackOutputs, StackOutputError, type StackDescriber } from '../../../bin/commands/subscriber-table-target.js';

/** CloudFormation as the CLI sees it: answers DescribeStacks from a fixed list, records what was asked. */
function fakeCloudFormation(outputs: Record<string, string> | Error): StackDescriber & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async send(command: DescribeStacksCommand) {
      asked.push(command.input.StackName ?? '');
      if (outputs instanceof Error) throw outputs;
      return { Stacks: [{ Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] };
    },
  };
}

describe('the subscriber table of a deployed stack', () => {
  it('is named by the stack\'s SubscriberTableName output', async () => {
    const cloudFormation = fakeCloudFormation({ SubscriberTableName: 'Newsdrop-SubscribersTable-ABC', BucketName: 'b' });

    const { client, tableName } = await openSubscriberTable({ kind: 'stack', stackName: 'Newsdrop' }, () => cloudFormation);
    client.destroy();

    expect(tableName).toBe('Newsdrop-SubscribersTable-ABC');
    expect(cloudFormation.asked).toEqual(['Newsdrop']);
  });

  it('is an error naming the output when the stack predates the table, or the stack cannot be described', async () => {
    await expect(stackOutputs(fakeCloudFormation({ BucketName: 'b' }), 'Old', ['SubscriberTableName'])).rejects.toThrow(/stack Old has no output SubscriberTableName: deploy this version/);
    await expect(stackOutputs(fakeCloudFormation(new Error('Stack with id Nope does not exist')), 'Nope', ['SubscriberTableName'])).rejects.toThrow(StackOutputError);
  });

  it('is local mode\'s table on the loopback port given, without asking CloudFormation', async () => {
    const cloudFormation = fakeCloudFormation(new Error('not to be called'));

    const { client, tableName } = await openSubscriberTable({ kind: 'local', dynamoDbPort: 18774, tableName: 'newsdrop-local-subscribers', s3Port: 4569, bucket: 'newsdrop-local' }, () => cloudFormation);
    const endpoint = await client.config.endpoint?.();
    client.destroy();

    expect(tableName).toBe('newsdrop-local-subscribers');
    expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 18774 });
    expect(cloudFormation.asked).toEqual([]);
  });
});
