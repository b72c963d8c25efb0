import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const RESULT_MARKER = '@@RESULT@@';
const ERROR_MARKER = '@@ERROR@@';

export interface HandlerProcessOptions {
  /** What context.getRemainingTimeInMillis() starts from, like the function's timeout. @default 900000 */
  readonly timeoutMs?: number;
  /** context.awsRequestId. @default the child's process id */
  readonly requestId?: string;
}

/** A handler running in its own Node process; kill() is SIGKILL, as when Lambda stops a sandbox. */
export interface HandlerProcess {
  /** The handler's JSON result; rejects with its error, or when the process dies first. */
  readonly result: Promise<unknown>;
  kill(): void;
}

/** The handler threw: its error's name and message, as Lambda would report them. */
export class HandlerFailedError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = 'HandlerFailedError';
  }
}

/**
 * Runs a handler module in a fresh Node process, as Lambda would load it, with the given
 * environment and a Lambda-like context. A bundle (index.mjs) runs as is; a .ts module through tsx.
 */
export function startHandlerProcess(module: string, event: unknown, env: Record<string, string>, options: HandlerProcessOptions = {}): HandlerProcess {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(module).href)});
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const deadline = Date.now() + ${options.timeoutMs ?? 900_000};
    const context = { functionName: 'newsdrop-test', awsRequestId: ${options.requestId === undefined ? 'String(process.pid)' : JSON.stringify(options.requestId)}, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    try {
      const result = await handler(JSON.parse(input), context);
      process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(result ?? null));
    } catch (error) {
      process.stdout.write('\\n${ERROR_MARKER}' + JSON.stringify({ name: error?.name, message: error?.message }));
      process.exitCode = 1;
    }
  `;
  const loader = module.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, '--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = new Promise<unknown>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const resultAt = stdout.lastIndexOf(RESULT_MARKER);
      const errorAt = stdout.lastIndexOf(ERROR_MARKER);
      if (code === 0 && resultAt !== -1) resolve(JSON.parse(stdout.slice(resultAt + RESULT_MARKER.length)));
      else if (errorAt !== -1) {
        const error = JSON.parse(stdout.slice(errorAt + ERROR_MARKER.length)) as { name?: string; message?: string };
        reject(new HandlerFailedError(error.name ?? 'Error', error.message ?? ''));
      } else reject(new Error(`handler process ended (${signal ?? `exit ${code}`}) without a result: ${stderr.slice(-2000)}`));
    });
  });
  child.stdin.end(JSON.stringify(event));
  return { result, kill: () => void child.kill('SIGKILL') };
}

/** Runs a bundled handler (index.mjs of a Lambda asset) to completion; resolves with its JSON result. */
export function runBundledHandler(bundle: string, event: unknown, env: Record<string, string>, options: HandlerProcessOptions = {}): Promise<unknown> {
  return startHandlerProcess(bundle, event, env, options).result;
}
