import type { MetricName } from '../../lambda/metrics/metric-catalogue.js';
import type { MetricDimensions, MetricRecorder } from '../../lambda/metrics/metric-recorder.js';

/** Keeps every recorded value, in order, for assertions. */
export class RecordingMetrics implements MetricRecorder {
  readonly recorded: { name: MetricName; value: number; dimensions: MetricDimensions }[] = [];

  add(name: MetricName, value: number, dimensions: MetricDimensions = {}): void {
    this.recorded.push({ name, value, dimensions });
  }

  /** Sum of the values recorded under `name` (and, when given, exactly these dimensions). */
  total(name: MetricName, dimensions?: MetricDimensions): number {
    return this.recorded
      .filter((entry) => entry.name === name && (!dimensions || JSON.stringify(entry.dimensions) === JSON.stringify(dimensions)))
      .reduce((sum, entry) => sum + entry.value, 0);
  }
}
