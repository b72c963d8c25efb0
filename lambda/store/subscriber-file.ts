import path from 'node:path';
import { Readable } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { parse as parseCsv } from 'csv-parse';
import { AddressHashSet } from './address-hash-set.js';
import { addressHash } from './keys.js';
import { OperatorConfigError } from './store-error.js';
import type { TopicVocabulary } from '../topics/topic-vocabulary.js';
import { subscriberRowSchemaWith, type SubscriberRow } from './subscriber.js';

type RowSchema = ReturnType<typeof subscriberRowSchemaWith>;

/** Columns a CSV import may have; email, topics and cadence are required. */
const CSV_COLUMNS = ['email', 'name', 'topics', 'cadence', 'timezone', 'consentAt', 'consentSource'] as const;
const REQUIRED_CSV_COLUMNS = ['email', 'topics', 'cadence'] as const;
/**
 * The longest one entry (a JSON element, a CSV record) may be: a row is ~150 bytes, so this is
 * generous, and it keeps a hostile file's one endless string from filling the function's memory.
 */
const MAX_ENTRY_BYTES = 64 * 1024;
/** As many problems as an operator can act on in one message; the count says how many more. */
const MAX_REPORTED_PROBLEMS = 10;

type SubscriberFileFormat = 'json' | 'csv';

/**
 * Opens the file from its start, each time it is called: a list is read twice (checked, then
 * written) so that a million rows never sit in memory at once. Must give the same bytes each time
 * (a pinned S3 version, a local file).
 */
export type OpenSubscriberFile = () => Promise<AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>>;

/** One entry of the file as read: a valid row, or what is wrong with it. */
type FileEntry =
  | { readonly row: SubscriberRow; readonly position: number }
  | { readonly problems: readonly string[] };

/** A set of address hashes, as far as an import asks it. */
export type AddressHashes = Pick<ReadonlySet<string>, 'has' | 'size'>;

/** A file whose every row was checked: how many, whose addresses, and the rows again on demand. */
export interface CheckedSubscriberFile {
  readonly rowCount: number;
  /** Address hashes of every row (see keys.ts): what an import with `replace` keeps. */
  readonly addressHashes: AddressHashes;
  /** Reads the file again, yielding its rows in order. */
  rows(): AsyncIterable<SubscriberRow>;
}

/** JSON or CSV: by the file's extension, else by its first character ("[" is JSON). */
function subscriberFileFormat(start: string, source: string): SubscriberFileFormat {
  const extension = path.extname(source).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return start.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

/** The file's chunks with its format, told from the extension or the first bytes. */
async function formatAndChunks(open: OpenSubscriberFile, source: string): Promise<{ format: SubscriberFileFormat; chunks: AsyncIterable<Uint8Array> }> {
  const opened = await open();
  const iterator = Symbol.asyncIterator in opened ? opened[Symbol.asyncIterator]() : opened[Symbol.iterator]();
  const first = await iterator.next();
  const head = first.done ? new Uint8Array() : toBytes(first.value);
  const format = subscriberFileFormat(new TextDecoder().decode(head.subarray(0, 1024)), source);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBytes(next.value);
  }
  return { format, chunks: chunks() };
}

/** The entry at `position` (its entry or line number), checked against the schema; `where` names it in problems. */
function entryOf(candidate: unknown, position: number, where: string, schema: RowSchema): FileEntry {
  const result = schema.safeParse(candidate);
  if (result.success) return { row: result.data, position };
  return { problems: result.error.issues.map((issue) => `${where}, field ${issue.path.map(String).join('.') || '(row)'}: ${issue.message}`) };
}

/** The first byte that is not whitespace (after a UTF-8 BOM), or null while there is none yet. */
function firstSignificantByte(chunk: Uint8Array): number | null {
  for (const byte of chunk) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return null;
}

/** A JSON array of rows, element by element ("entry 2 (ada@example.com)" as an operator counts). */
async function* jsonEntries(chunks: AsyncIterable<Uint8Array>, source: string, schema: RowSchema): AsyncGenerator<FileEntry> {
  // keepStack false: elements already emitted are dropped, so memory does not grow with the file.
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const ready: FileEntry[] = [];
  let entriesSeen = 0;
  parser.onValue = ({ value, key }) => {
    if (typeof key !== 'number') return;
    entriesSeen = key + 1;
    const email = (value as { email?: unknown } | null)?.email;
    ready.push(entryOf(value, key + 1, `entry ${key + 1}${typeof email === 'string' ? ` (${email.slice(0, 100)})` : ''}`, schema));
  };
  let started = false;
  // Bytes written since a chunk last completed an element: an entry longer than the cap spans them.
  let openBytes = 0;
  try {
    for await (const whole of chunks) {
      let chunk = whole;
      if (!started) {
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        const first = firstSignificantByte(chunk);
        if (first === null) continue;
        if (first !== 0x5b) throw new OperatorConfigError(`${source} does not match the subscriber schema: (file): expected an array of subscribers`);
        started = true;
      }
      parser.write(chunk);
      openBytes = ready.length > 0 ? 0 : openBytes + chunk.length;
      if (openBytes > MAX_ENTRY_BYTES + chunk.length) {
        throw new OperatorConfigError(`${source} has an entry longer than ${MAX_ENTRY_BYTES / 1024} KB after entry ${entriesSeen}: not a subscriber row`);
      }
      yield* ready.splice(0);
    }
    if (!started) throw new OperatorConfigError(`${source} is not valid JSON: the file is empty`);
    if (!parser.isEnded) parser.end();
  } catch (error) {
    if (error instanceof OperatorConfigError) throw error;
    throw new OperatorConfigError(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  yield* ready.splice(0);
}

/**
 * A CSV file with a header line (columns in CSV_COLUMNS, any order). Topics are separated by ";" or
 * spaces within their cell ("world;sport"), or by commas inside a quoted cell. Lines as an editor counts them.
 */
async function* csvEntries(chunks: AsyncIterable<Uint8Array>, source: string, schema: RowSchema): AsyncGenerator<FileEntry> {
  const checkHeader = (header: string[]) => {
    const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
    const missing = REQUIRED_CSV_COLUMNS.filter((column) => !header.includes(column));
    if (unknown.length > 0 || missing.length > 0) {
      const problems = [...unknown.map((column) => `unknown column "${column}"`), ...missing.map((column) => `missing column "${column}"`)];
      throw new OperatorConfigError(`${source} has a header line that does not fit (${problems.join('; ')}); columns: ${CSV_COLUMNS.join(', ')}`);
    }
    return header;
  };
  const parser = Readable.from(chunks).pipe(parseCsv({ columns: checkHeader, info: true, bom: true, skip_empty_lines: true, trim: true, max_record_size: MAX_ENTRY_BYTES }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // An empty cell means "not given", as a missing key does in JSON.
      const given = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ''));
      const candidate = { ...given, ...(given['topics'] !== undefined ? { topics: given['topics'].split(/[;,\s]+/).filter(Boolean) } : {}) };
      yield entryOf(candidate, info.lines, `line ${info.lines}${given['email'] ? ` (${given['email'].slice(0, 100)})` : ''}`, schema);
    }
  } catch (error) {
    if (error instanceof OperatorConfigError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof OperatorConfigError) throw cause;
    throw new OperatorConfigError(`${source} is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
}

async function* entriesOf(open: OpenSubscriberFile, source: string, schema: RowSchema, onFormat?: (format: SubscriberFileFormat) => void): AsyncGenerator<FileEntry> {
  const { format, chunks } = await formatAndChunks(open, source);
  onFormat?.(format);
  yield* format === 'csv' ? csvEntries(chunks, source, schema) : jsonEntries(chunks, source, schema);
}

/**
 * Reads the whole file once and checks every row: the schema (its topics among `topics`: the model's
 * labels and config/topics.json), and each address listed once. Throws
 * an OperatorConfigError naming each bad row (its entry or line) and field; otherwise answers a
 * file whose rows can be read again. Memory grows with the number of addresses (20 bytes each,
 * see AddressHashSet), not with the file.
 */
export async function checkSubscriberFile(open: OpenSubscriberFile, source: string, topics: TopicVocabulary): Promise<CheckedSubscriberFile> {
  const schema = subscriberRowSchemaWith(topics);
  // Told by the first read itself: opening the file only to look at its start would leave that
  // body unread (an S3 response holding a socket).
  let format = 'json' as SubscriberFileFormat;
  const addresses = new AddressHashSet();
  const problems: string[] = [];
  let problemCount = 0;
  const report = (problem: string) => {
    problemCount++;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
  };
  for await (const entry of entriesOf(open, source, schema, (told) => (format = told))) {
    if ('problems' in entry) {
      for (const problem of entry.problems) report(problem);
      continue;
    }
    addresses.add(addressHash(entry.row.email), entry.position);
  }
  const unit = format === 'csv' ? 'line' : 'entry';
  const repeated = addresses.seal();
  if (repeated.length > 0) {
    // Rare, and the file is refused anyway: read it once more for the addresses the message names.
    const named = new Map(repeated.slice(0, MAX_REPORTED_PROBLEMS).map((repeat) => [repeat.again, '']));
    for await (const entry of entriesOf(open, source, schema)) if ('row' in entry && named.has(entry.position)) named.set(entry.position, entry.row.email);
    for (const { first, again } of repeated) report(`${source} lists ${named.get(again) ?? 'an address'} more than once (${unit} ${first} and ${unit} ${again})`);
  }
  if (problemCount > 0) {
    const more = problemCount > MAX_REPORTED_PROBLEMS ? ` (and ${problemCount - MAX_REPORTED_PROBLEMS} more)` : '';
    throw new OperatorConfigError(`${source} does not match the subscriber schema: ${problems.join('; ')}${more}`);
  }
  return {
    rowCount: addresses.size,
    addressHashes: addresses,
    async *rows() {
      for await (const entry of entriesOf(open, source, schema)) {
        // The file was checked; a problem now means it changed between the two reads.
        if ('problems' in entry) throw new OperatorConfigError(`${source} changed while it was imported: ${entry.problems.join('; ')}`);
        yield entry.row;
      }
    },
  };
}
