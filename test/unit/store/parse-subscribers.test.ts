import { describe, expect, it } from 'vitest';
import { parseSubscribersJson } from '../../../lambda/store/parse-subscribers.js';
import { OperatorConfigError } from '../../../lambda/store/store-error.js';

describe('parseSubscribersJson', () => {
  it('accepts the documented shape', () => {
    const text = JSON.stringify([{ email: 'a@example.com', name: 'A', topics: ['world', 'sport'], cadence: 'daily' }]);

    expect(parseSubscribersJson(text, 'subscribers.json')).toEqual([
      { email: 'a@example.com', name: 'A', topics: ['world', 'sport'], cadence: 'daily' },
    ]);
  });

  it('names the file when it is not JSON', () => {
    expect(() => parseSubscribersJson('[{"email": ', 'config/subscribers.json')).toThrow(
      /config\/subscribers\.json is not valid JSON/,
    );
  });

  it('names the entry and field that break the schema', () => {
    const text = JSON.stringify([{ email: 'not-an-address', topics: [], cadence: 'hourly' }]);

    const attempt = () => parseSubscribersJson(text, 'subscribers.json');

    expect(attempt).toThrow(OperatorConfigError);
    expect(attempt).toThrow(/entry 1 \(not-an-address\), field email: /);
    expect(attempt).toThrow(/entry 1 \(not-an-address\), field cadence: /);
    expect(attempt).toThrow(/entry 1 \(not-an-address\), field topics: /);
  });

  it('counts entries from 1 and names the file when the whole document is off', () => {
    const second = JSON.stringify([{ email: 'a@example.com', topics: ['*'], cadence: 'daily' }, { email: 'b@example.com', topics: ['*'] }]);

    expect(() => parseSubscribersJson(second, 's.json')).toThrow(/entry 2 \(b@example\.com\), field cadence: /);
    expect(() => parseSubscribersJson('{"email": "a@example.com"}', 's.json')).toThrow(/s\.json does not match the subscriber schema: \(file\): /);
  });

  it('rejects unknown fields and duplicate addresses', () => {
    expect(() => parseSubscribersJson(JSON.stringify([{ email: 'a@example.com', topics: ['*'], cadence: 'daily', x: 1 }]), 's')).toThrow(
      /Unrecognized key/,
    );
    const twice = [
      { email: 'a@example.com', topics: ['*'], cadence: 'daily' },
      { email: 'A@example.com', topics: ['world'], cadence: 'weekly' },
    ];
    expect(() => parseSubscribersJson(JSON.stringify(twice), 's')).toThrow(/more than once/);
  });
});
