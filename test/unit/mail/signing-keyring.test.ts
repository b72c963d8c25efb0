import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFETCH_INTERVAL_MS, SigningKeyring } from '../../../lambda/mail/signing-keyring.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';

const OLD = parseSigningKeys(JSON.stringify({ current: '1', key1: 'a'.repeat(40) }));
const NEW = parseSigningKeys(JSON.stringify({ current: '2', key1: 'a'.repeat(40), key2: 'b'.repeat(40) }));

describe('SigningKeyring', () => {
  // The real clock (performance.now), faked: time moves only when the test moves it.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a known version from memory without fetching', async () => {
    const fetchKeys = vi.fn(async () => NEW);
    const keyring = new SigningKeyring(OLD, fetchKeys);

    expect(await keyring.knowing('1')).toBe(OLD);
    expect(fetchKeys).not.toHaveBeenCalled();
  });

  it('fetches once for an unknown version and keeps what it fetched', async () => {
    const fetchKeys = vi.fn(async () => NEW);
    const keyring = new SigningKeyring(OLD, fetchKeys);

    expect(await keyring.knowing('2')).toBe(NEW);
    expect(keyring.current).toBe(NEW);
    expect(await keyring.knowing('2')).toBe(NEW);
    expect(fetchKeys).toHaveBeenCalledTimes(1);
  });

  it('fetches at most once per interval for versions that stay unknown', async () => {
    const fetchKeys = vi.fn(async () => OLD);
    const keyring = new SigningKeyring(OLD, fetchKeys);

    expect(await keyring.knowing('7')).toBeNull();
    await vi.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS - 1);
    expect(await keyring.knowing('8')).toBeNull();
    expect(fetchKeys).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1);
    expect(await keyring.knowing('9')).toBeNull();
    expect(fetchKeys).toHaveBeenCalledTimes(2);
  });

  it('shares one fetch among concurrent callers', async () => {
    let release: (keys: typeof NEW) => void = () => {};
    const fetchKeys = vi.fn(() => new Promise<typeof NEW>((resolve) => (release = resolve)));
    const keyring = new SigningKeyring(OLD, fetchKeys);

    const answers = Promise.all([keyring.knowing('2'), keyring.knowing('2'), keyring.knowing('3')]);
    release(NEW);

    expect(await answers).toEqual([NEW, NEW, null]);
    expect(fetchKeys).toHaveBeenCalledTimes(1);
  });

  it('passes a failed fetch on, counts it against the interval, and keeps the keys it had', async () => {
    const fetchKeys = vi.fn(() => Promise.reject(new Error('Secrets Manager unavailable')));
    const keyring = new SigningKeyring(OLD, fetchKeys);

    await expect(keyring.knowing('2')).rejects.toThrow('Secrets Manager unavailable');
    expect(await keyring.knowing('2')).toBeNull();
    expect(keyring.current).toBe(OLD);
    expect(fetchKeys).toHaveBeenCalledTimes(1);
  });

  it('never fetches when it has no source (keys from the environment)', async () => {
    const keyring = new SigningKeyring(OLD);
    expect(await keyring.knowing('2')).toBeNull();
  });
});
