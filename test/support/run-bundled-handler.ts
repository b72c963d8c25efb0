import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * Runs a bundled handler (index.mjs of a Lambda asset) in a fresh Node process, as Lambda would
 * load it, with the given environment and Lambda context; resolves with the handler's JSON result.
 */
export function runBundledHandler(bundle: string, event: unknown, env: Record<string, string>, context: Record<string, unknown> = {}): Promise<unknown> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const result = await handler(JSON.parse(input), ${JSON.stringify(context)});
    process.stdout.write('\\n@@RESULT@@' + JSON.stringify(result ?? null));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const marker = stdout.lastIndexOf('@@RESULT@@');
      if (code !== 0 || marker === -1) reject(new Error(`bundled handler exited with ${code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout.slice(marker + '@@RESULT@@'.length)));
    });
    child.stdin.end(JSON.stringify(event));
  });
}
