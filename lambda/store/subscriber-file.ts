import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { normaliseAddress } from '../text/email-address.js';
import { parseConfigJson } from './parse-config-json.js';
import { OperatorConfigError } from './store-error.js';
import type { TopicVocabulary } from '../topics/topic-vocabulary.js';
import { subscriberRowSchemaWith, subscribersFileSchemaWith, type SubscriberRow } from './subscriber.js';

/** Columns a CSV import may have; email, topics and cadence are required. */
const CSV_COLUMNS = ['email', 'name', 'topics', 'cadence', 'timezone', 'consentAt', 'consentSource'] as const;
const REQUIRED_CSV_COLUMNS = ['email', 'topics', 'cadence'] as const;
/** As many problems as an operator can act on in one message; the count says how many more. */
const MAX_REPORTED_PROBLEMS = 10;

export type SubscriberFileFormat = 'json' | 'csv';

function rejectDuplicates(rows: readonly { row: SubscriberRow; where: string }[], source: string): void {
  const firstSeen = new Map<string, string>();
  for (const { row, where } of rows) {
    const address = normaliseAddress(row.email);
    const earlier = firstSeen.get(address);
    if (earlier) throw new OperatorConfigError(`${source} lists ${row.email} more than once (${earlier} and ${where})`);
    firstSeen.set(address, where);
  }
}

/**
 * Parses and validates subscribers JSON (today's format: an array of rows); errors name the entry
 * and the field, and a topic outside `topics` is one (with the closest known topic).
 */
export function parseSubscribersJson(text: string, source: string, topics: TopicVocabulary): SubscriberRow[] {
  const rows = parseConfigJson(text, source, subscribersFileSchemaWith(topics), 'subscriber');
  rejectDuplicates(
    rows.map((row, index) => ({ row, where: `entry ${index + 1}` })),
    source,
  );
  return rows;
}

/**
 * Parses and validates a CSV file with a header line (columns in CSV_COLUMNS, any order). Topics are
 * separated by ";" or spaces within their cell ("world;sport"), or by commas inside a quoted cell.
 * Every row is checked before any is returned; errors name the line (as an editor counts it) and the
 * field, a topic outside `topics` included.
 */
export function parseSubscribersCsv(text: string, source: string, topics: TopicVocabulary): SubscriberRow[] {
  const rowSchema = subscriberRowSchemaWith(topics);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, { columns: true, info: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new OperatorConfigError(`${source} is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  const missing = REQUIRED_CSV_COLUMNS.filter((column) => records.length > 0 && !header.includes(column));
  if (unknown.length > 0 || missing.length > 0) {
    const problems = [...unknown.map((column) => `unknown column "${column}"`), ...missing.map((column) => `missing column "${column}"`)];
    throw new OperatorConfigError(`${source} has a header line that does not fit (${problems.join('; ')}); columns: ${CSV_COLUMNS.join(', ')}`);
  }
  const rows: { row: SubscriberRow; where: string }[] = [];
  const problems: string[] = [];
  for (const { record, info } of records) {
    // An empty cell means "not given", as a missing key does in JSON.
    const given = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ''));
    const candidate = { ...given, ...(given['topics'] !== undefined ? { topics: given['topics'].split(/[;,\s]+/).filter(Boolean) } : {}) };
    const where = `line ${info.lines}${given['email'] ? ` (${given['email'].slice(0, 100)})` : ''}`;
    const result = rowSchema.safeParse(candidate);
    if (result.success) rows.push({ row: result.data, where: `line ${info.lines}` });
    else for (const issue of result.error.issues) problems.push(`${where}, field ${issue.path.map(String).join('.') || '(row)'}: ${issue.message}`);
  }
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED_PROBLEMS ? ` (and ${problems.length - MAX_REPORTED_PROBLEMS} more)` : '';
    throw new OperatorConfigError(`${source} does not match the subscriber schema: ${problems.slice(0, MAX_REPORTED_PROBLEMS).join('; ')}${more}`);
  }
  rejectDuplicates(rows, source);
  return rows.map(({ row }) => row);
}

/** JSON or CSV: by the file's extension, else by its first character ("[" is JSON). */
export function subscriberFileFormat(text: string, source: string): SubscriberFileFormat {
  const extension = path.extname(source).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

/** Every row validated (its topics among `topics`), or an OperatorConfigError naming each bad row and field: never a part of the file. */
export function parseSubscriberFile(text: string, source: string, topics: TopicVocabulary): SubscriberRow[] {
  return subscriberFileFormat(text, source) === 'csv' ? parseSubscribersCsv(text, source, topics) : parseSubscribersJson(text, source, topics);
}
