/**
 * Strict flags for the evaluation and training tools. A mistyped flag must stop the tool before it
 * reads a page: falling through to a default run prints never-read totals unasked (eval:extract,
 * eval:stories) or passes for a check that never ran (`train:body --fold-salt s1` read as no salt).
 * parseArgs takes `--flag value` and `--flag=value` alike.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ToolOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * The flags given on the command line (`args`, by default the process's own), read against
 * `options`. An unknown flag, a missing value or a stray word prints the error and the usage to
 * stderr and exits 2; `--help` / `-h` prints the usage and exits 0.
 */
export function parseToolFlags<const Options extends ToolOptions>(tool: string, usage: string, options: Options, args: readonly string[] = process.argv.slice(2)) {
  let values: ReturnType<typeof parseArgs<{ options: Options; strict: true }>>['values'];
  try {
    values = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }).values as typeof values;
  } catch (error) {
    return refuseFlag(tool, usage, (error as Error).message);
  }
  if ((values as Record<string, unknown>)['help'] === true) {
    console.log(usage);
    return process.exit(0);
  }
  return values;
}

/**
 * A flag's number, checked against the range the tool accepts (undefined when the flag is absent);
 * exits 2 like an unknown flag. Tools check their numbers next to parseToolFlags, before any
 * early exit, so a bad value is refused wherever the tool runs.
 */
export function numberFlag(tool: string, usage: string, name: string, value: string | undefined, accepts: (value: number) => boolean, range: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !accepts(number)) return refuseFlag(tool, usage, `--${name} takes ${range}, not '${value}'`);
  return number;
}

/** Stops the tool as for an unknown flag: the message and the usage to stderr, exit 2. */
export function refuseFlag(tool: string, usage: string, message: string): never {
  console.error(`${tool}: ${message}\n${usage}`);
  return process.exit(2);
}
