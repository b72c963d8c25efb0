import { describe, expect, it } from 'vitest';
import { OperatorConfigError } from '../../../lambda/store/store-error.js';
import { parseSubscriberFile, parseSubscribersCsv, parseSubscribersJson } from '../../../lambda/store/subscriber-file.js';

describe('subscriber files', () => {
  it('accept today\'s JSON with the new optional fields', () => {
    const text = JSON.stringify([{ email: 'a@example.com', name: 'A', topics: ['world'], cadence: 'daily', timezone: 'Europe/Berlin', consentAt: '2026-01-02T03:04:05Z', consentSource: 'signup form' }]);

    expect(parseSubscribersJson(text, 'subscribers.json')).toEqual([
      { email: 'a@example.com', name: 'A', topics: ['world'], cadence: 'daily', timezone: 'Europe/Berlin', consentAt: '2026-01-02T03:04:05Z', consentSource: 'signup form' },
    ]);
  });

  it('name the JSON entry and field that break the schema, an unknown time zone included', () => {
    const text = JSON.stringify([{ email: 'a@example.com', topics: ['*'], cadence: 'daily' }, { email: 'b@example.com', topics: ['*'], cadence: 'daily', timezone: 'Mars/Olympus' }]);

    expect(() => parseSubscribersJson(text, 's.json')).toThrow(/entry 2 \(b@example\.com\), field timezone: must be an IANA time zone name/);
  });

  it('read CSV with a header, topics split on ";" or inside a quoted cell, empty cells as not given', () => {
    const text = '\uFEFFemail,name,topics,cadence,timezone\nada@example.com,Ada,world;sport,daily,\n"bob@example.com",,"business,technology",weekly,America/New_York\n';

    expect(parseSubscribersCsv(text, 'list.csv')).toEqual([
      { email: 'ada@example.com', name: 'Ada', topics: ['world', 'sport'], cadence: 'daily' },
      { email: 'bob@example.com', topics: ['business', 'technology'], cadence: 'weekly', timezone: 'America/New_York' },
    ]);
  });

  it('report every bad CSV row by line and field, and return none of the good ones', () => {
    const text = 'email,topics,cadence\nok@example.com,world,daily\n\nnot-an-address,world,daily\nlate@example.com,world,hourly\n';

    const attempt = () => parseSubscribersCsv(text, 'list.csv');

    expect(attempt).toThrow(OperatorConfigError);
    expect(attempt).toThrow(/list\.csv does not match the subscriber schema: line 4 \(not-an-address\), field email: .*; line 5 \(late@example\.com\), field cadence: /);
  });

  it('refuse a CSV header with unknown or missing columns, and an address listed twice', () => {
    expect(() => parseSubscribersCsv('email,topic,cadence\na@example.com,world,daily\n', 'l.csv')).toThrow(/unknown column "topic".*missing column "topics"/);
    expect(() => parseSubscribersCsv('email,topics,cadence\na@example.com,world,daily\nA@Example.com ,sport,daily\n', 'l.csv')).toThrow(/more than once \(line 2 and line 3\)/);
  });

  it('pick the format by extension, else by the first character', () => {
    expect(parseSubscriberFile('email,topics,cadence\na@example.com,world,daily\n', 'upload')).toHaveLength(1);
    expect(parseSubscriberFile('[{"email":"a@example.com","topics":["*"],"cadence":"daily"}]', 'upload')).toHaveLength(1);
    expect(() => parseSubscriberFile('[{"email": ', 'config/subscribers.json')).toThrow(/config\/subscribers\.json is not valid JSON/);
  });
});
