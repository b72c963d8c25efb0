import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Emulator, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import { emulatorS3Client } from '../support/emulator-s3-client.js';

const BUCKET = 'newsdrop-list';

describe('local S3 emulator', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let store: S3ObjectStore;

  beforeAll(async () => {
    // Prepare: s3rver on a free loopback port, with one key more than a LIST page under one prefix.
    dataDir = await mkdtemp(path.join(tmpdir(), 'newsdrop-s3-'));
    s3 = await startS3Emulator({ port: 0, directory: dataDir, bucket: BUCKET });
    store = new S3ObjectStore(emulatorS3Client(s3.endpoint), BUCKET);
    const keys = Array.from({ length: 1_001 }, (_, i) => `articles/2026/11/30/${String(i).padStart(4, '0')}.json`);
    for (let start = 0; start < keys.length; start += 50) {
      await Promise.all(keys.slice(start, start + 50).map((key) => store.put(key, '{}', { contentType: 'application/json' })));
    }
  });

  afterAll(async () => {
    await s3?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists past 1,000 keys under one prefix (continuation tokens work without OpenSSL legacy DES)', async () => {
    // Act
    const listed = await store.list('articles/2026/11/30/');
    // Assess: every key once, in order, across two pages.
    expect(listed).toHaveLength(1_001);
    expect(new Set(listed.map((object) => object.key)).size).toBe(1_001);
    expect(listed.at(-1)?.key).toBe('articles/2026/11/30/1000.json');
  });

  it('gives back the Content-Type an object was uploaded with: its charset names the article\'s encoding', async () => {
    await store.put('incoming/lavrov.html', Uint8Array.of(0xec, 0xc1, 0xd7, 0xd2, 0xcf, 0xd7), { contentType: 'text/html; charset=koi8-r' });

    expect((await store.get('incoming/lavrov.html'))?.contentType).toBe('text/html; charset=koi8-r');
  });
});
