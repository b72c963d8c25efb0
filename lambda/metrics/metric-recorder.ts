import type { MetricName } from './metric-catalogue.js';

/** Dimension name → value, e.g. { code: 'empty' }. Every distinct combination is a separate CloudWatch metric. */
export type MetricDimensions = Readonly<Record<string, string>>;

/**
 * Where domain code records what happened; injected like the Logger, so the pipeline stays free
 * of AWS and tests can read back what was recorded.
 */
export interface MetricRecorder {
  add(name: MetricName, value: number, dimensions?: MetricDimensions): void;
}
