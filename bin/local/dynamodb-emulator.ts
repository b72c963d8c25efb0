import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { articleIndexTableCreateInput } from '../../lambda/store/article-index-table.js';
import { deliveryTableCreateInput } from '../../lambda/store/delivery-table.js';
import { subscriberTableCreateInput } from '../../lambda/store/subscriber-table.js';
import { realClock } from '../../lambda/time.js';

export interface DynamoDbEmulator {
  readonly endpoint: string;
  readonly port: number;
  /** Creates the delivery ledger table with the deployed table's keys (dynalite has no TTL: nothing expires locally). */
  createDeliveryTable(tableName: string): Promise<void>;
  /** Creates the subscriber table with the deployed table's key and index. */
  createSubscriberTable(tableName: string): Promise<void>;
  /** Creates the article index table (index entries and the instant-run marker) with the deployed table's keys. */
  createArticleIndexTable(tableName: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1 (port 0 = any free port): unlike s3rver it enforces conditional
 * writes, so the ledger's claim is exclusive locally as on AWS. In memory, or kept in `directory`
 * (LevelDB files) so local mode remembers readers and what they received from one run to the next.
 */
export async function startDynamoDbEmulator(options: { port: number; directory?: string }): Promise<DynamoDbEmulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.directory ? { path: options.directory } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  // The emulator accepts any credentials; fixed ones keep the SDK from searching for a profile.
  const admin = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  // A kept table from an earlier run is used as it is.
  const create = async (input: CreateTableCommandInput) => {
    try {
      await admin.send(new CreateTableCommand(input));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
    // dynalite answers CreateTable while the table is still CREATING (it turns ACTIVE a moment
    // later, even with createTableMs 0); a request that comes first gets ResourceNotFoundException.
    for (let attempt = 0; ; attempt++) {
      const { Table } = await admin.send(new DescribeTableCommand({ TableName: input.TableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
      if (attempt >= 200) throw new Error(`table ${input.TableName} is still ${Table?.TableStatus} in the emulator`);
      await realClock.sleep(5);
    }
  };
  return {
    endpoint,
    port,
    createDeliveryTable: (tableName) => create(deliveryTableCreateInput(tableName)),
    createSubscriberTable: (tableName) => create(subscriberTableCreateInput(tableName)),
    createArticleIndexTable: (tableName) => create(articleIndexTableCreateInput(tableName)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        admin.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
