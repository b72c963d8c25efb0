import { FINGERPRINT_BYTES } from '../text/tokenizer-fingerprint.js';
import { BUCKETS, HASH_BITS, hashedTermsFingerprint } from './features.js';
import { LinearModel } from './linear-model.js';
import { dequantiseIdf, quantiseIdf } from './quantised-idf.js';

/**
 * Weights file, little-endian:
 *   "NDTM" | u16 version | u8 hashBits | u8 labelCount | f32 temperature | 8 bytes tokenizer fingerprint
 *   labelCount × (u8 length, UTF-8 name) | labelCount × f32 bias | labelCount × f32 scale
 *   f32 idfMin | f32 idfMax | BUCKETS × u8 idf (idf = idfMin + u8 × (idfMax − idfMin) / 255)
 *   BUCKETS × labelCount × i8 weight (weight = i8 × scale[label] / 127)
 * 8-bit weights with a per-label scale and 8-bit IDF keep the file at 3.5 MB (2^19 buckets) with no
 * measurable accuracy loss. The fingerprint (hashedTermsFingerprint) is of the tokenizer and hash
 * the weights were trained under: weights of other buckets would classify silently wrong.
 */
const MAGIC = 'NDTM';
const VERSION = 3;
const HEADER_BYTES = 4 + 2 + 1 + 1 + 4 + FINGERPRINT_BYTES;

export class ModelFileError extends Error {
  constructor(message: string) {
    super(`topic model file: ${message}`);
    this.name = 'ModelFileError';
  }
}

export function encodeModel(model: LinearModel, fingerprint: string = hashedTermsFingerprint()): Uint8Array {
  const labelCount = model.labels.length;
  const names = model.labels.map((label) => new TextEncoder().encode(label));
  const headerSize = HEADER_BYTES + names.reduce((sum, name) => sum + 1 + name.length, 0) + labelCount * 8 + 8;
  const buffer = new Uint8Array(headerSize + BUCKETS + BUCKETS * labelCount);
  const view = new DataView(buffer.buffer);
  let offset = 0;
  buffer.set(new TextEncoder().encode(MAGIC), 0);
  offset += 4;
  view.setUint16(offset, VERSION, true);
  view.setUint8(offset + 2, HASH_BITS);
  view.setUint8(offset + 3, labelCount);
  view.setFloat32(offset + 4, model.temperature, true);
  offset += 8;
  buffer.set(Buffer.from(fingerprint, 'hex'), offset);
  offset += FINGERPRINT_BYTES;
  for (const name of names) {
    buffer[offset++] = name.length;
    buffer.set(name, offset);
    offset += name.length;
  }
  const scales = model.labels.map((_, label) => {
    let max = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) max = Math.max(max, Math.abs(model.weights[bucket * labelCount + label]!));
    return max || 1;
  });
  for (let label = 0; label < labelCount; label++) view.setFloat32(offset + label * 4, model.bias[label]!, true);
  offset += labelCount * 4;
  for (let label = 0; label < labelCount; label++) view.setFloat32(offset + label * 4, scales[label]!, true);
  offset += labelCount * 4;
  const idf = quantiseIdf(model.idf ?? new Float32Array(BUCKETS).fill(1));
  view.setFloat32(offset, idf.min, true);
  view.setFloat32(offset + 4, idf.max, true);
  offset += 8;
  buffer.set(idf.levels, offset);
  offset += BUCKETS;
  const quantised = new Int8Array(buffer.buffer, offset, BUCKETS * labelCount);
  for (let i = 0; i < quantised.length; i++) quantised[i] = Math.round((model.weights[i]! / scales[i % labelCount]!) * 127);
  return buffer;
}

/** The model in a weights file, refused unless it was trained under `fingerprint` (the code's own by default). */
export function decodeModel(bytes: Uint8Array, fingerprint: string = hashedTermsFingerprint()): LinearModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new ModelFileError('not a newsdrop topic model');
  if (view.getUint16(4, true) !== VERSION) {
    throw new ModelFileError(`version ${view.getUint16(4, true)}, the code reads version ${VERSION}; retrain with npm run train:topics`);
  }
  if (view.getUint8(6) !== HASH_BITS) throw new ModelFileError(`hashed with ${view.getUint8(6)} bits, the code uses ${HASH_BITS}`);
  const trainedUnder = Buffer.from(bytes.subarray(12, HEADER_BYTES)).toString('hex');
  if (trainedUnder !== fingerprint) {
    throw new ModelFileError(`trained under tokenizer ${trainedUnder}, the code tokenizes as ${fingerprint}; retrain with npm run train:topics`);
  }
  const labelCount = view.getUint8(7);
  const temperature = view.getFloat32(8, true);
  let offset = HEADER_BYTES;
  const labels: string[] = [];
  for (let label = 0; label < labelCount; label++) {
    const length = bytes[offset++]!;
    labels.push(new TextDecoder().decode(bytes.subarray(offset, offset + length)));
    offset += length;
  }
  const bias = new Float32Array(labelCount);
  const scales = new Float32Array(labelCount);
  for (let label = 0; label < labelCount; label++) bias[label] = view.getFloat32(offset + label * 4, true);
  offset += labelCount * 4;
  for (let label = 0; label < labelCount; label++) scales[label] = view.getFloat32(offset + label * 4, true);
  offset += labelCount * 4;
  if (bytes.byteLength !== offset + 8 + BUCKETS + BUCKETS * labelCount) throw new ModelFileError(`truncated: ${bytes.byteLength} bytes`);
  const idf = dequantiseIdf({ min: view.getFloat32(offset, true), max: view.getFloat32(offset + 4, true), levels: bytes.subarray(offset + 8, offset + 8 + BUCKETS) });
  offset += 8 + BUCKETS;
  const quantised = new Int8Array(bytes.buffer, bytes.byteOffset + offset, BUCKETS * labelCount);
  const weights = new Float32Array(BUCKETS * labelCount);
  const factors = Float32Array.from(scales, (scale) => scale / 127);
  // Bucket-major with the label loop inside: no division or modulo per weight (cold start cost).
  for (let base = 0; base < weights.length; base += labelCount) {
    for (let label = 0; label < labelCount; label++) weights[base + label] = quantised[base + label]! * factors[label]!;
  }
  return new LinearModel(labels, weights, bias, temperature, idf);
}
