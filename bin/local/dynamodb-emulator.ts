import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { articleIndexTableCreateInput } from '../../lambda/store/article-index-table.js';
import { deliveryTableCreateInput } from '../../lambda/store/delivery-table.js';
import { subscriberTableCreateInput } from '../../lambda/store/subscriber-table.js';

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
 * Starts dynalite on 127.0.0.1 (port 0 = any free port), in memory: unlike s3rver it enforces
 * conditional writes, so the ledger's claim is exclusive locally as on AWS.
 */
export async function startDynamoDbEmulator(options: { port: number }): Promise<DynamoDbEmulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  // The emulator accepts any credentials; fixed ones keep the SDK from searching for a profile.
  const admin = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    endpoint,
    port,
    async createDeliveryTable(tableName) {
      await admin.send(new CreateTableCommand(deliveryTableCreateInput(tableName)));
    },
    async createSubscriberTable(tableName) {
      await admin.send(new CreateTableCommand(subscriberTableCreateInput(tableName)));
    },
    async createArticleIndexTable(tableName) {
      await admin.send(new CreateTableCommand(articleIndexTableCreateInput(tableName)));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        admin.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
