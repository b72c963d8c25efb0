import { describe, expect, it } from 'vitest';
import { OperatorConfigError } from '../../../lambda/store/store-error.js';
import { checkSubscriberFile } from '../../../lambda/store/subscriber-file.js';
import { parseSubscriberFile } from '../../support/parse-subscriber-text.js';
import { TopicVocabulary } from '../../../lambda/topics/topic-vocabulary.js';

/** The model's labels and one operator topic. */
const TOPICS = new TopicVocabulary(['russia-us']);

describe('subscriber files', () => {
  it('accept today\'s JSON with the new optional fields', async () => {
    const text = JSON.stringify([{ email: 'a@example.com', name: 'A', topics: ['world'], cadence: 'daily', timezone: 'Europe/Berlin', consentAt: '2026-01-02T03:04:05Z', consentSource: 'signup form' }]);

    expect(await parseSubscriberFile(text, 'subscribers.json', TOPICS)).toEqual([
      { email: 'a@example.com', name: 'A', topics: ['world'], cadence: 'daily', timezone: 'Europe/Berlin', consentAt: '2026-01-02T03:04:05Z', consentSource: 'signup form' },
    ]);
  });

  it('name the JSON entry and field that break the schema, an unknown time zone included', async () => {
    const text = JSON.stringify([{ email: 'a@example.com', topics: ['*'], cadence: 'daily' }, { email: 'b@example.com', topics: ['*'], cadence: 'daily', timezone: 'Mars/Olympus' }]);

    await expect(parseSubscriberFile(text, 's.json', TOPICS)).rejects.toThrow(/entry 2 \(b@example\.com\), field timezone: must be an IANA time zone name/);
  });

  it('read CSV with a header, topics split on ";" or inside a quoted cell, empty cells as not given', async () => {
    const text = '\uFEFFemail,name,topics,cadence,timezone\nada@example.com,Ada,world;sport,daily,\n"bob@example.com",,"business,technology",weekly,America/New_York\n';

    expect(await parseSubscriberFile(text, 'list.csv', TOPICS)).toEqual([
      { email: 'ada@example.com', name: 'Ada', topics: ['world', 'sport'], cadence: 'daily' },
      { email: 'bob@example.com', topics: ['business', 'technology'], cadence: 'weekly', timezone: 'America/New_York' },
    ]);
  });

  it('report every bad CSV row by line and field, and return none of the good ones', async () => {
    const text = 'email,topics,cadence\nok@example.com,world,daily\n\nnot-an-address,world,daily\nlate@example.com,world,hourly\n';

    const attempt = () => parseSubscriberFile(text, 'list.csv', TOPICS);

    await expect(attempt()).rejects.toThrow(OperatorConfigError);
    await expect(attempt()).rejects.toThrow(/list\.csv does not match the subscriber schema: line 4 \(not-an-address\), field email: .*; line 5 \(late@example\.com\), field cadence: /);
  });

  it('refuse a CSV header with unknown or missing columns, and an address listed twice', async () => {
    await expect(parseSubscriberFile('email,topic,cadence\na@example.com,world,daily\n', 'l.csv', TOPICS)).rejects.toThrow(/unknown column "topic".*missing column "topics"/);
    await expect(parseSubscriberFile('email,topics,cadence\na@example.com,world,daily\nA@Example.com ,sport,daily\n', 'l.csv', TOPICS)).rejects.toThrow(/more than once \(line 2 and line 3\)/);
  });

  it('pick the format by extension, else by the first character', async () => {
    expect(await parseSubscriberFile('email,topics,cadence\na@example.com,world,daily\n', 'upload', TOPICS)).toHaveLength(1);
    expect(await parseSubscriberFile('[{"email":"a@example.com","topics":["*"],"cadence":"daily"}]', 'upload', TOPICS)).toHaveLength(1);
    await expect(parseSubscriberFile('[{"email": ', 'config/subscribers.json', TOPICS)).rejects.toThrow(/config\/subscribers\.json is not valid JSON/);
  });

  it('name a JSON entry listed twice, refuse a file that is not an array, and count the problems left out', async () => {
    const twice = JSON.stringify([{ email: 'a@example.com', topics: ['*'], cadence: 'daily' }, { email: 'A@Example.com', topics: ['*'], cadence: 'weekly' }]);
    await expect(parseSubscriberFile(twice, 's.json', TOPICS)).rejects.toThrow(/lists A@Example\.com more than once \(entry 1 and entry 2\)/);
    await expect(parseSubscriberFile('{"email":"a@example.com"}', 's.json', TOPICS)).rejects.toThrow(/expected an array of subscribers/);
    await expect(parseSubscriberFile('  \n', 's.json', TOPICS)).rejects.toThrow(/s\.json is not valid JSON: the file is empty/);
    const bad = JSON.stringify(Array.from({ length: 13 }, (_, index) => ({ email: `nobody${index}`, topics: ['*'], cadence: 'daily' })));
    await expect(parseSubscriberFile(bad, 's.json', TOPICS)).rejects.toThrow(/entry 10 \(nobody9\), field email: [^;]*\(and 3 more\)$/);
  });

  it('read a list in pieces as S3 delivers it, values split across chunks and a BOM first, and read it again for the writes', async () => {
    const rows = Array.from({ length: 300 }, (_, index) => ({ email: `reader${index}@example.com`, name: `Reader ${index}`, topics: ['world', 'sport'], cadence: 'daily' as const }));
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(rows, null, 1)}`);
    let opened = 0;
    // 7-byte pieces: every string, number and structural character is cut somewhere.
    const open = async () => {
      opened++;
      return (async function* () {
        for (let offset = 0; offset < bytes.length; offset += 7) yield bytes.subarray(offset, offset + 7);
      })();
    };

    const file = await checkSubscriberFile(open, 'config/subscribers.json', TOPICS);
    const read = [];
    for await (const row of file.rows()) read.push(row);

    expect(file.rowCount).toBe(300);
    expect(file.addressHashes.size).toBe(300);
    expect(read).toEqual(rows);
    expect(opened).toBe(2); // the check, the writes
  });

  it('refuse a JSON entry with a topic neither the model nor the operator knows, naming the entry and the closest topic', async () => {
    const text = JSON.stringify([
      { email: 'a@example.com', topics: ['world', 'russia-us'], cadence: 'daily' },
      { email: 'b@example.com', topics: ['World', 'Buisness'], cadence: 'daily' },
    ]);

    await expect(parseSubscriberFile(text, 'subscribers.json', TOPICS)).rejects.toThrow(
      /subscribers\.json does not match the subscriber schema: entry 2 \(b@example\.com\), field topics: unknown topic "Buisness"; did you mean "business"\?/,
    );
  });

  it('refuse a CSV row with a topic typo by line, and return none of the rows', async () => {
    const text = 'email,topics,cadence\nok@example.com,world;sport,daily\ntypo@example.com,world;sprot,weekly\n';

    await expect(parseSubscriberFile(text, 'list.csv', TOPICS)).rejects.toThrow(/line 3 \(typo@example\.com\), field topics: unknown topic "sprot"; did you mean "sport"\?/);
  });

  it('accept the operator\'s own topics and "*" in any letter case', async () => {
    const text = 'email,topics,cadence\na@example.com,Russia-US;*,daily\n';
    expect(await parseSubscriberFile(text, 'list.csv', TOPICS)).toEqual([{ email: 'a@example.com', topics: ['Russia-US', '*'], cadence: 'daily' }]);
  });

  it('refuse an entry longer than 64 KB in JSON or CSV without holding it whole', async () => {
    // In 16 KB pieces, as S3 delivers a body: the entry is refused before the parser holds all of it.
    const inPieces = (text: string) => async () =>
      (async function* () {
        const bytes = new TextEncoder().encode(text);
        for (let offset = 0; offset < bytes.length; offset += 16_384) yield bytes.subarray(offset, offset + 16_384);
      })();
    const endless = `[{"email":"a@example.com","topics":["*"],"cadence":"daily"},{"email":"${'x'.repeat(200_000)}@example.com"}]`;
    await expect(checkSubscriberFile(inPieces(endless), 's.json', TOPICS)).rejects.toThrow(/s\.json has an entry longer than 64 KB after entry 1/);
    await expect(parseSubscriberFile(`email,topics,cadence\n${'y'.repeat(200_000)},world,daily\n`, 'l.csv', TOPICS)).rejects.toThrow(/l\.csv is not valid CSV: Max Record Size/);
  });
});
