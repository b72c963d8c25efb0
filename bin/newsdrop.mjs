#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so `npx newsdrop` works right after `npm ci`.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
register();
await import('./newsdrop.ts');
