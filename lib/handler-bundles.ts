import path from 'node:path';
import { App } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NewsdropFunction } from './newsdrop-function.js';
import type { NewsdropProps } from './newsdrop-props.js';
import { NewsdropStack } from './newsdrop-stack.js';

export const HANDLER_NAMES = ['ingest', 'digest', 'digest-sender', 'unsubscribe', 'ses-feedback', 'subscriber-import'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export interface HandlerBundle {
  /** The asset directory `cdk deploy` zips and uploads: index.mjs, its source map, copied assets. */
  readonly dir: string;
  readonly entry: string;
  /** The function's environment; null where CloudFormation fills the value in at deploy time. */
  readonly environment: Readonly<Record<string, string | null>>;
}

/**
 * Synthesizes a NewsdropStack into `outdir` (esbuild bundling as `cdk deploy` runs it) and
 * returns each handler's bundle, found through its function's code asset rather than by guessing.
 */
export function synthHandlerBundles(outdir: string, props: NewsdropProps): Record<HandlerName, HandlerBundle> {
  const app = new App({ outdir });
  const stack = new NewsdropStack(app, 'Newsdrop', { newsdrop: props });
  app.synth();
  const functions: Record<HandlerName, NewsdropFunction> = {
    ingest: stack.ingestPipeline.ingest,
    digest: stack.digestSender.digest,
    'digest-sender': stack.digestSender.sender,
    unsubscribe: stack.unsubscribeEndpoint.unsubscribe,
    'ses-feedback': stack.sesFeedback.feedback,
    'subscriber-import': stack.subscriberImport.importer,
  };
  const bundle = (fn: NewsdropFunction): HandlerBundle => {
    const cfn = fn.function.node.defaultChild as lambda.CfnFunction;
    const code = stack.resolve(cfn.code) as { s3Key: string };
    const dir = path.join(outdir, `asset.${code.s3Key.replace(/\.zip$/, '')}`);
    const variables = (stack.resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
    const environment = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : null]));
    return { dir, entry: path.join(dir, 'index.mjs'), environment };
  };
  return Object.fromEntries(HANDLER_NAMES.map((name) => [name, bundle(functions[name])])) as Record<HandlerName, HandlerBundle>;
}
