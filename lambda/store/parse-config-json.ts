import type * as z from 'zod';
import { OperatorConfigError } from './store-error.js';

/**
 * "entry 2 (ada@example.com), field cadence" for an issue in an array file: entries counted from 1
 * as an operator counts them, named by their email or name when they have one.
 */
function describePath(path: readonly PropertyKey[], value: unknown): string {
  const [first, ...rest] = path;
  const field = rest.length > 0 ? `field ${rest.map(String).join('.')}` : null;
  if (typeof first !== 'number' || !Array.isArray(value)) return path.length > 0 ? `field ${path.map(String).join('.')}` : '(file)';
  const entry = value[first] as { email?: unknown; name?: unknown } | null | undefined;
  const label = typeof entry?.email === 'string' ? entry.email : typeof entry?.name === 'string' ? entry.name : null;
  const where = `entry ${first + 1}${label ? ` (${label.slice(0, 100)})` : ''}`;
  return field ? `${where}, ${field}` : where;
}

/** Parses an operator's JSON config file and validates it; errors name the file, entry and field. */
export function parseConfigJson<T>(text: string, source: string, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new OperatorConfigError(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 10).map((issue) => `${describePath(issue.path, value)}: ${issue.message}`);
    throw new OperatorConfigError(`${source} does not match the ${what} schema: ${problems.join('; ')}`, { cause: result.error });
  }
  return result.data;
}
