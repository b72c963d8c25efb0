import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../lambda/metrics/emf-metrics.js';

const TIMESTAMP = Date.parse('2026-11-24T12:00:00Z');

interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [member: string]: unknown;
}

function emfMetrics() {
  const documents: EmfDocument[] = [];
  const lines: string[] = [];
  const metrics = new EmfMetrics({
    now: () => TIMESTAMP,
    write: (line) => {
      lines.push(line);
      documents.push(JSON.parse(line) as EmfDocument);
    },
  });
  return { metrics, documents, lines };
}

describe('EmfMetrics', () => {
  it('writes a metric without dimensions as one EMF document in the Newsdrop namespace', () => {
    // Prepare
    const { metrics, documents, lines } = emfMetrics();
    // Act
    metrics.add('ArticlesParsed', 1);
    metrics.add('ArticlesParsed', 1);
    metrics.add('ArticlesParsed', 1);
    metrics.flush();
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(documents[0]).toEqual({
      _aws: {
        Timestamp: TIMESTAMP,
        CloudWatchMetrics: [{ Namespace: 'Newsdrop', Dimensions: [[]], Metrics: [{ Name: 'ArticlesParsed', Unit: 'Count' }] }],
      },
      ArticlesParsed: 3,
    });
  });

  it('writes one document per dimension value, each also published without the dimension', () => {
    const { metrics, documents } = emfMetrics();

    metrics.add('ArticlesRejected', 1, { code: 'empty' });
    metrics.add('ArticlesRejected', 1, { code: 'too-large' });
    metrics.add('ArticlesRejected', 1, { code: 'empty' });
    metrics.flush();

    expect(documents).toHaveLength(2);
    const byCode = Object.fromEntries(documents.map((document) => [document['code'], document]));
    expect(byCode['empty']?.['ArticlesRejected']).toBe(2);
    expect(byCode['too-large']?.['ArticlesRejected']).toBe(1);
    for (const document of documents) {
      expect(document._aws.CloudWatchMetrics).toEqual([
        { Namespace: 'Newsdrop', Dimensions: [['code'], []], Metrics: [{ Name: 'ArticlesRejected', Unit: 'Count' }] },
      ]);
    }
  });

  it('groups the metrics that share dimensions into one document, each with its own unit', () => {
    const { metrics, documents } = emfMetrics();

    metrics.add('MailsSent', 1, { cadence: 'daily' });
    metrics.add('MailsSent', 1, { cadence: 'daily' });
    metrics.add('MailsFailed', 1, { cadence: 'daily' });
    metrics.add('DigestLatency', 1234, { cadence: 'daily' });
    metrics.flush();

    expect(documents).toHaveLength(1);
    const [document] = documents;
    expect(document?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'MailsSent', Unit: 'Count' },
      { Name: 'MailsFailed', Unit: 'Count' },
      { Name: 'DigestLatency', Unit: 'Milliseconds' },
    ]);
    expect(document).toMatchObject({ cadence: 'daily', MailsSent: 2, MailsFailed: 1, DigestLatency: 1234 });
  });

  it('keeps every sample of a non-count metric, at most 100 per document', () => {
    const { metrics, documents } = emfMetrics();
    const samples = Array.from({ length: 150 }, (_, index) => index + 1);

    for (const sample of samples) metrics.add('DigestLatency', sample, { cadence: 'instant' });
    metrics.add('MailsSent', 7, { cadence: 'instant' });
    metrics.flush();

    expect(documents).toHaveLength(2);
    expect(documents[0]?.['DigestLatency']).toEqual(samples.slice(0, 100));
    expect(documents[0]?.['MailsSent']).toBe(7);
    expect(documents[1]?.['DigestLatency']).toEqual(samples.slice(100));
    // The second document declares only what it carries: every declared metric must be a member.
    expect(documents[1]?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'DigestLatency', Unit: 'Milliseconds' }]);
    expect(documents[1]).not.toHaveProperty('MailsSent');
  });

  it('empties its buffer on flush and writes nothing when nothing was recorded', () => {
    const { metrics, documents } = emfMetrics();
    metrics.add('MailsSent', 1);
    metrics.flush();

    metrics.flush();

    expect(documents).toHaveLength(1);
  });

  it('drops values that are not finite numbers instead of writing null', () => {
    const { metrics, documents } = emfMetrics();

    metrics.add('DigestLatency', Number.NaN);
    metrics.add('DigestLatency', Number.POSITIVE_INFINITY);
    metrics.add('DigestLatency', 12);
    metrics.flush();

    expect(documents[0]?.['DigestLatency']).toBe(12);
  });

  it('declares only dimension and metric names that are members of the document, as the EMF spec requires', () => {
    const { metrics, documents } = emfMetrics();

    metrics.add('ArticlesRejected', 1, { code: 'no-article' });
    metrics.add('MailsDeferred', 2, { cadence: 'weekly' });
    metrics.add('ArticlesFailed', 1);
    metrics.flush();

    for (const document of documents) {
      for (const directive of document._aws.CloudWatchMetrics) {
        for (const name of directive.Dimensions.flat()) expect(typeof document[name]).toBe('string');
        for (const metric of directive.Metrics) {
          const value = document[metric.Name];
          expect(typeof value === 'number' || (Array.isArray(value) && value.every((item) => typeof item === 'number'))).toBe(true);
        }
      }
    }
    expect(documents).toHaveLength(3);
  });
});
