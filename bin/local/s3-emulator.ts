import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { installS3rverDesShim } from './s3rver-des-shim.js';

/** An S3 notification record as s3rver emits it (key not URL-encoded, no versionId). */
export interface EmulatorS3Record {
  eventName: string;
  eventTime: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; versionId?: string } };
}

export interface S3Emulator {
  readonly endpoint: string;
  readonly port: number;
  /** Called for every object event in any bucket. */
  onObjectEvent(listener: (record: EmulatorS3Record) => void): void;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 (port 0 = any free port) with the bucket created. */
export async function startS3Emulator(options: { port: number; directory: string; bucket: string }): Promise<S3Emulator> {
  installS3rverDesShim();
  const instance = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: options.bucket, configs: [] }],
  });
  const address = (await instance.run()) as AddressInfo;
  const emitter = instance as unknown as NodeJS.EventEmitter;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    onObjectEvent(listener) {
      emitter.on('event', (event: { Records?: EmulatorS3Record[] }) => {
        for (const record of event.Records ?? []) listener(record);
      });
    },
    close: () => instance.close(),
  };
}
