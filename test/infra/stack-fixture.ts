import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { NewsdropProps } from '../../lib/newsdrop-props.js';
import { NewsdropStack } from '../../lib/newsdrop-stack.js';

export const EXAMPLE_PROPS: NewsdropProps = {
  senderAddress: 'News Digest <digest@news.example.org>',
  sesIdentity: 'news.example.org',
};

/** A NewsdropStack in its own App writing to a temporary cloud assembly. */
export function newsdropApp(props: Partial<NewsdropProps> = {}, options: { nag?: boolean } = {}) {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'newsdrop-cdk-')) });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new NewsdropStack(app, 'Newsdrop', { newsdrop: { ...EXAMPLE_PROPS, ...props } });
  return { app, stack };
}
