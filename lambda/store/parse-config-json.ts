import type * as z from 'zod';
import { OperatorConfigError } from './store-error.js';

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
    const problems = result.error.issues.slice(0, 10).map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
    throw new OperatorConfigError(`${source} does not match the ${what} schema: ${problems.join('; ')}`, { cause: result.error });
  }
  return result.data;
}
