import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEYS, NewsdropPropsError, RETIRED_CONTEXT_KEYS, resolveNewsdropProps } from '../lib/newsdrop-props.js';
import { NewsdropStack } from '../lib/newsdrop-stack.js';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

// Retired keys too, so an old cdk.json that still sets one is refused with what replaced it.
const contextKeys = [...CONTEXT_KEYS, ...Object.keys(RETIRED_CONTEXT_KEYS)];
const context = Object.fromEntries(contextKeys.map((key) => [key, app.node.tryGetContext(key) as unknown]));
try {
  new NewsdropStack(app, (app.node.tryGetContext('stackName') as string | undefined) ?? 'Newsdrop', {
    newsdrop: resolveNewsdropProps(context),
    description: 'newsdrop: S3 article drop, parsing, topic classification and SES digests',
  });
} catch (error) {
  if (error instanceof NewsdropPropsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
app.synth();
