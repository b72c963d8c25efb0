import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, NewsdropPropsError, RETIRED_CONTEXT_KEYS, resolveNewsdropProps } from '../../lib/newsdrop-props.js';

describe('deploy parameters from CDK context', () => {
  it('fills defaults and derives the SES identity from the sender', () => {
    expect(resolveNewsdropProps({ senderAddress: 'Digest <d@news.example.org>' })).toEqual({
      senderAddress: 'Digest <d@news.example.org>',
      sesIdentity: 'news.example.org',
      sesConfigurationSet: undefined,
      sendRatePerSecond: 1,
      dailySchedule: undefined,
      weeklySchedule: undefined,
      deliveryHour: 7,
      defaultTimezone: 'UTC',
      weeklyDay: 'MON',
      batchSize: 10,
      batchingWindowSeconds: 10,
      senderConcurrency: 4,
      topicConfidenceThreshold: 0.5,
      oldArticles: 'flag',
      storyUpdates: 'show',
      alarmEmail: undefined,
      publicEndpointConcurrency: 10,
    });
  });

  it('takes storyUpdates "show" or "omit": what a digest does with a new report of a story the reader was already sent', () => {
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', storyUpdates: 'omit' }).storyUpdates).toBe('omit');
    expect(CONTEXT_KEYS).toContain('storyUpdates');
    expect(() => resolveNewsdropProps({ senderAddress: 'd@example.org', storyUpdates: 'hide' })).toThrow(
      'context "storyUpdates" must be "show" (mark them as updates) or "omit" (leave them out), got "hide"',
    );
  });

  it('takes oldArticles "flag" or "omit": what a run does with articles published before its look-back window', () => {
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', oldArticles: 'omit' }).oldArticles).toBe('omit');
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', oldArticles: ' flag ' }).oldArticles).toBe('flag');
    expect(CONTEXT_KEYS).toContain('oldArticles');
  });

  it('takes the local delivery hour, the readers\' default timezone and the weekly digest\'s weekday', () => {
    const props = resolveNewsdropProps({ senderAddress: 'd@example.org', deliveryHour: '6', defaultTimezone: ' Europe/Berlin ', weeklyDay: 'fri' });
    expect(props).toMatchObject({ deliveryHour: 6, defaultTimezone: 'Europe/Berlin', weeklyDay: 'FRI', dailySchedule: undefined, weeklySchedule: undefined });
    for (const key of ['deliveryHour', 'defaultTimezone', 'weeklyDay']) expect(CONTEXT_KEYS).toContain(key);
  });

  it('keeps a fixed dailySchedule or weeklySchedule given as before: that cadence goes out to everyone at once', () => {
    const props = resolveNewsdropProps({ senderAddress: 'd@example.org', dailySchedule: 'cron(0 6 * * ? *)' });
    expect(props).toMatchObject({ dailySchedule: 'cron(0 6 * * ? *)', weeklySchedule: undefined, deliveryHour: 7 });
  });

  it('reserves 10 executions for the public endpoint unless told otherwise; 0 reserves none', () => {
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', publicEndpointConcurrency: '0' }).publicEndpointConcurrency).toBe(0);
    expect(() => resolveNewsdropProps({ senderAddress: 'd@example.org', publicEndpointConcurrency: -1 })).toThrow(/publicEndpointConcurrency" must be an integer 0..1000/);
  });

  it('takes an optional alarm email address', () => {
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', alarmEmail: ' ops@example.org ' }).alarmEmail).toBe('ops@example.org');
  });

  it('parses numbers given as -c strings', () => {
    const props = resolveNewsdropProps({ senderAddress: 'd@example.org', batchSize: '5', sendRatePerSecond: '14', batchingWindowSeconds: '0' });
    expect(props).toMatchObject({ batchSize: 5, sendRatePerSecond: 14, batchingWindowSeconds: 0 });
  });

  it.each([
    [{ senderAddress: 'd@example.org', batchSize: 'abc' }, 'context "batchSize" must be an integer 1..10, got "abc"'],
    [{ senderAddress: 'd@example.org', batchSize: 11 }, 'context "batchSize" must be an integer 1..10, got 11'],
    [{ senderAddress: 'd@example.org', batchingWindowSeconds: '301' }, 'context "batchingWindowSeconds" must be an integer 0..300'],
    [{ senderAddress: 'd@example.org', sendRatePerSecond: '0' }, 'context "sendRatePerSecond" must be a number above 0'],
    [{ senderAddress: 'd@example.org', dailySchedule: 'every day' }, 'context "dailySchedule" must be an EventBridge cron(...) or rate(...) expression'],
    [{ senderAddress: 'nobody' }, 'context "senderAddress" must contain an email address'],
    [{ senderAddress: 'd@example.org', deliveryHour: 24 }, 'context "deliveryHour" must be an integer 0..23 (the local hour digests go out), got 24'],
    [{ senderAddress: 'd@example.org', deliveryHour: '7.5' }, 'context "deliveryHour" must be an integer 0..23'],
    [{ senderAddress: 'd@example.org', defaultTimezone: 'Berlin' }, 'context "defaultTimezone" must be an IANA time zone name such as Europe/Berlin, got "Berlin"'],
    [{ senderAddress: 'd@example.org', weeklyDay: 'Monday' }, 'context "weeklyDay" must be one of MON, TUE, WED, THU, FRI, SAT, SUN, got "Monday"'],
    [{ senderAddress: 'd@example.org', weeklySchedule: 'cron(0 6 ? * MON *)', weeklyDay: 'FRI' }, 'context "weeklyDay" has no effect with "weeklySchedule" set'],
    [
      { senderAddress: 'd@example.org', dailySchedule: 'cron(0 6 * * ? *)', weeklySchedule: 'cron(0 6 ? * MON *)', deliveryHour: 8 },
      'context "deliveryHour" has no effect with both "dailySchedule" and "weeklySchedule" set',
    ],
    [{}, 'context "senderAddress" is required'],
    [{ senderAddress: 'd@example.org', sesIdentity: 'not an identity' }, 'context "sesIdentity" must be a domain or an email address'],
    [{ senderAddress: 'd@example.org', topicConfidenceThreshold: '1.5' }, 'context "topicConfidenceThreshold" must be a number 0..1'],
    [{ senderAddress: 'd@example.org', alarmEmail: 'Ops <ops@example.org>' }, 'context "alarmEmail" must be an email address, got "Ops <ops@example.org>"'],
    [{ senderAddress: 'd@example.org', alarmEmail: 'ops' }, 'context "alarmEmail" must be an email address'],
    [{ senderAddress: 'd@example.org', senderConcurrency: 0 }, 'context "senderConcurrency" must be an integer 1..1000, got 0'],
    [{ senderAddress: 'd@example.org', senderConcurrency: '1001' }, 'context "senderConcurrency" must be an integer 1..1000, got "1001"'],
    [{ senderAddress: 'd@example.org', senderConcurrency: 2.5 }, 'context "senderConcurrency" must be an integer 1..1000, got 2.5'],
    [{ senderAddress: 'd@example.org', senderConcurrency: 'four' }, 'context "senderConcurrency" must be an integer 1..1000, got "four"'],
    [{ senderAddress: 'd@example.org', oldArticles: 'hide' }, 'context "oldArticles" must be "flag" (mail them with their date up front) or "omit" (leave them out), got "hide"'],
    [{ senderAddress: 'd@example.org', oldArticles: true }, 'context "oldArticles" must be a string, got true'],
  ])('rejects %j clearly', (context, message) => {
    expect(() => resolveNewsdropProps(context)).toThrow(NewsdropPropsError);
    expect(() => resolveNewsdropProps(context)).toThrow(message);
  });

  it('takes senderConcurrency from 1 to 1000', () => {
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', senderConcurrency: '1' }).senderConcurrency).toBe(1);
    expect(resolveNewsdropProps({ senderAddress: 'd@example.org', senderConcurrency: 1000 }).senderConcurrency).toBe(1000);
  });

  it.each([1, 0, '1'])('refuses the retired digestConcurrency (%j) and names senderConcurrency instead', (value) => {
    const context = { senderAddress: 'd@example.org', digestConcurrency: value };
    expect(() => resolveNewsdropProps(context)).toThrow(NewsdropPropsError);
    expect(() => resolveNewsdropProps(context)).toThrow(
      `context "digestConcurrency" was removed: digest runs no longer need reserved concurrency to keep from overlapping. Delete it and set "senderConcurrency" instead (how many sender functions run at once, an integer 1..1000, default 4), got ${JSON.stringify(value)}`,
    );
  });

  it('reads the retired keys in the CDK app, so an old cdk.json cannot set one unnoticed', () => {
    expect(RETIRED_CONTEXT_KEYS).toHaveProperty('digestConcurrency');
    expect(CONTEXT_KEYS).not.toContain('digestConcurrency');
    expect(CONTEXT_KEYS).toContain('senderConcurrency');
  });

  it('reports every bad value in one error', () => {
    try {
      resolveNewsdropProps({ senderAddress: 'nobody', batchSize: 'x', weeklySchedule: 'weekly', digestConcurrency: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as NewsdropPropsError).problems).toHaveLength(4);
    }
  });
});
