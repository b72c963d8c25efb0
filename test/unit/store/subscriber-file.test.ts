import { describe, expect, it } from 'vitest';
import { OperatorConfigError } from '../../../lambda/store/store-error.js';
import { parseSubscriberFile, parseSubscribersCsv, parseSubscribersJson } from '../../../lambda/store/subscriber-file.js';
import { TopicVocabulary } from '../../../lambda/topics/topic-vocabulary.js';

/** The model's labels and one operator topic. */
const TOPICS = new TopicVocabulary(['russia-us']);

describe('subscriber files', () => {
  it('accept today\'s JSON with the new optional fields', () => {
    const text = JSON.stringify([{ email: 'a@example.com', name: 'A', topics: ['world'], cadence: 'daily', timezone: 'Europe/Berlin', consentAt: '2026-01-02T03:04:05Z', consentSource: 'signup form' }]);

    expect(parseSubscribersJson(text, 'subscribers.json', TOPICS)).toEqual([
      { email: 'a@example.com', name: 'A', topics: ['world'], cadence: 'daily', timezone: 'Europe/Berlin', consentAt: '2026-01-02T03:04:05Z', consentSource: 'signup form' },
    ]);
  });

  it('name the JSON entry and field that break the schema, an unknown time zone included', () => {
    const text = JSON.stringify([{ email: 'a@example.com', topics: ['*'], cadence: 'daily' }, { email: 'b@example.com', topics: ['*'], cadence: 'daily', timezone: 'Mars/Olympus' }]);

    expect(() => parseSubscribersJson(text, 's.json', TOPICS)).toThrow(/entry 2 \(b@example\.com\), field timezone: must be an IANA time zone name/);
  });

  it('read CSV with a header, topics split on ";" or inside a quoted cell, empty cells as not given', () => {
    const text = '\uFEFFemail,name,topics,cadence,timezone\nada@example.com,Ada,world;sport,daily,\n"bob@example.com",,"business,technology",weekly,America/New_York\n';

    expect(parseSubscribersCsv(text, 'list.csv', TOPICS)).toEqual([
      { email: 'ada@example.com', name: 'Ada', topics: ['world', 'sport'], cadence: 'daily' },
      { email: 'bob@example.com', topics: ['business', 'technology'], cadence: 'weekly', timezone: 'America/New_York' },
    ]);
  });

  it('report every bad CSV row by line and field, and return none of the good ones', () => {
    const text = 'email,topics,cadence\nok@example.com,world,daily\n\nnot-an-address,world,daily\nlate@example.com,world,hourly\n';

    const attempt = () => parseSubscribersCsv(text, 'list.csv', TOPICS);

    expect(attempt).toThrow(OperatorConfigError);
    expect(attempt).toThrow(/list\.csv does not match the subscriber schema: line 4 \(not-an-address\), field email: .*; line 5 \(late@example\.com\), field cadence: /);
  });

  it('refuse a CSV header with unknown or missing columns, and an address listed twice', () => {
    expect(() => parseSubscribersCsv('email,topic,cadence\na@example.com,world,daily\n', 'l.csv', TOPICS)).toThrow(/unknown column "topic".*missing column "topics"/);
    expect(() => parseSubscribersCsv('email,topics,cadence\na@example.com,world,daily\nA@Example.com ,sport,daily\n', 'l.csv', TOPICS)).toThrow(/more than once \(line 2 and line 3\)/);
  });

  it('pick the format by extension, else by the first character', () => {
    expect(parseSubscriberFile('email,topics,cadence\na@example.com,world,daily\n', 'upload', TOPICS)).toHaveLength(1);
    expect(parseSubscriberFile('[{"email":"a@example.com","topics":["*"],"cadence":"daily"}]', 'upload', TOPICS)).toHaveLength(1);
    expect(() => parseSubscriberFile('[{"email": ', 'config/subscribers.json', TOPICS)).toThrow(/config\/subscribers\.json is not valid JSON/);
  });

  it('refuse a JSON entry with a topic neither the model nor the operator knows, naming the entry and the closest topic', () => {
    const text = JSON.stringify([
      { email: 'a@example.com', topics: ['world', 'russia-us'], cadence: 'daily' },
      { email: 'b@example.com', topics: ['World', 'Buisness'], cadence: 'daily' },
    ]);

    expect(() => parseSubscribersJson(text, 'subscribers.json', TOPICS)).toThrow(
      /subscribers\.json does not match the subscriber schema: entry 2 \(b@example\.com\), field topics: unknown topic "Buisness"; did you mean "business"\?/,
    );
  });

  it('refuse a CSV row with a topic typo by line, and return none of the rows', () => {
    const text = 'email,topics,cadence\nok@example.com,world;sport,daily\ntypo@example.com,world;sprot,weekly\n';

    expect(() => parseSubscribersCsv(text, 'list.csv', TOPICS)).toThrow(/line 3 \(typo@example\.com\), field topics: unknown topic "sprot"; did you mean "sport"\?/);
  });

  it('accept the operator\'s own topics and "*" in any letter case', () => {
    const text = 'email,topics,cadence\na@example.com,Russia-US;*,daily\n';
    expect(parseSubscribersCsv(text, 'list.csv', TOPICS)).toEqual([{ email: 'a@example.com', topics: ['Russia-US', '*'], cadence: 'daily' }]);
  });
});
