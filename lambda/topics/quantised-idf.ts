/**
 * An IDF table in 8 bits per bucket, idf = min + level × (max − min) / 255: the topic model file
 * and the story IDF file both store it so (8 bits cost no measurable accuracy).
 */
export interface QuantisedIdf {
  readonly min: number;
  readonly max: number;
  readonly levels: Uint8Array;
}

export function quantiseIdf(idf: Float32Array): QuantisedIdf {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of idf) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const step = max > min ? (max - min) / 255 : 1;
  return { min, max, levels: Uint8Array.from(idf, (value) => Math.round((value - min) / step)) };
}

/** `min` and `max` as stored (float32), so every reader rebuilds the very same values. */
export function dequantiseIdf({ min, max, levels }: QuantisedIdf): Float32Array {
  const step = max > min ? (max - min) / 255 : 0;
  const idf = new Float32Array(levels.length);
  for (let bucket = 0; bucket < levels.length; bucket++) idf[bucket] = min + levels[bucket]! * step;
  return idf;
}
