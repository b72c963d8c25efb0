import { writeLogLine } from '../log.js';
import { METRIC_NAMESPACE, METRIC_UNITS, type MetricName } from './metric-catalogue.js';
import type { MetricDimensions, MetricRecorder } from './metric-recorder.js';

interface EmfMetricsOptions {
  /** @default "Newsdrop" */
  readonly namespace?: string;
  /** Where each EMF document goes, one JSON object per line. @default the log output (stdout, or NEWSDROP_LOG_FILE) */
  readonly write?: (line: string) => void;
  /** Milliseconds since the epoch, for the documents' timestamp. @default Date.now */
  readonly now?: () => number;
}

/** The EMF spec allows at most 100 values in one metric's array. */
const MAX_VALUES_PER_METRIC = 100;

interface MetricGroup {
  readonly dimensions: MetricDimensions;
  readonly values: Map<MetricName, number[]>;
}

/**
 * CloudWatch Embedded Metric Format: metrics written as JSON log lines that CloudWatch Logs turns
 * into metrics, so publishing needs no API call and no IAM permission. Values are buffered and
 * written by flush() (once per invocation): counts are summed, other units keep every sample.
 * A metric with dimensions is also published without them, which is what the alarms watch.
 */
export class EmfMetrics implements MetricRecorder {
  private readonly groups = new Map<string, MetricGroup>();
  private readonly namespace: string;
  private readonly write: (line: string) => void;
  private readonly now: () => number;

  constructor(options: EmfMetricsOptions = {}) {
    this.namespace = options.namespace ?? METRIC_NAMESPACE;
    this.write = options.write ?? writeLogLine;
    this.now = options.now ?? Date.now;
  }

  add(name: MetricName, value: number, dimensions: MetricDimensions = {}): void {
    // A broken measurement must not break the work it measures; JSON would turn NaN into null.
    if (!Number.isFinite(value)) return;
    const sorted = Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    const groupKey = JSON.stringify(sorted);
    let group = this.groups.get(groupKey);
    if (!group) {
      group = { dimensions: sorted, values: new Map() };
      this.groups.set(groupKey, group);
    }
    const values = group.values.get(name);
    if (!values) group.values.set(name, [value]);
    else if (METRIC_UNITS[name] === 'Count') values[0] = (values[0] ?? 0) + value;
    else values.push(value);
  }

  /** Writes one EMF document per dimension combination (more when a metric has over 100 samples) and empties the buffer. */
  flush(): void {
    const timestamp = this.now();
    for (const group of this.groups.values()) {
      for (let offset = 0; ; offset += MAX_VALUES_PER_METRIC) {
        const batch = [...group.values].map(([name, values]) => [name, values.slice(offset, offset + MAX_VALUES_PER_METRIC)] as const).filter(([, values]) => values.length > 0);
        if (batch.length === 0) break;
        this.write(JSON.stringify(this.document(timestamp, group.dimensions, batch)));
      }
    }
    this.groups.clear();
  }

  private document(timestamp: number, dimensions: MetricDimensions, metrics: readonly (readonly [MetricName, number[]])[]) {
    const keys = Object.keys(dimensions);
    return {
      _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            Dimensions: keys.length > 0 ? [keys, []] : [[]],
            Metrics: metrics.map(([name]) => ({ Name: name, Unit: METRIC_UNITS[name] })),
          },
        ],
      },
      ...dimensions,
      ...Object.fromEntries(metrics.map(([name, values]) => [name, values.length === 1 ? values[0] : values])),
    };
  }
}
