import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { KEY_VERSION_PATTERN, type SigningKeys } from './unsubscribe-token.js';

export class SigningKeysError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeysError';
  }
}

/**
 * The secret's JSON: {"current": "1", "key1": "…", "key2": "…"}. Rotation adds key<N+1> and
 * moves "current"; links signed with older keys stay valid while their key is kept.
 */
export function parseSigningKeys(secret: string): SigningKeys {
  let value: unknown;
  try {
    value = JSON.parse(secret);
  } catch (error) {
    throw new SigningKeysError('the unsubscribe signing secret is not JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SigningKeysError('the unsubscribe signing secret is not a JSON object');
  const keys = new Map<string, string>();
  for (const [name, key] of Object.entries(value)) {
    const version = /^key(\w+)$/.exec(name)?.[1];
    if (version && typeof key === 'string') {
      if (!KEY_VERSION_PATTERN.test(version)) throw new SigningKeysError(`unsubscribe signing key ${name.slice(0, 40)}… has a version longer than 32 characters`);
      if (key.length < 32) throw new SigningKeysError(`unsubscribe signing key ${name} is shorter than 32 characters`);
      keys.set(version, key);
    }
  }
  const current = Object.hasOwn(value, 'current') ? String((value as Record<string, unknown>)['current']) : '';
  if (!keys.has(current)) throw new SigningKeysError(`the unsubscribe signing secret has no key${current} for "current": "${current}"`);
  return { current, keys };
}

/** From Secrets Manager (deployed) or NEWSDROP_UNSUBSCRIBE_KEYS (local mode, tests); null when neither is set. */
export async function loadSigningKeys(env: NodeJS.ProcessEnv = process.env): Promise<SigningKeys | null> {
  if (env['NEWSDROP_UNSUBSCRIBE_KEYS']) return parseSigningKeys(env['NEWSDROP_UNSUBSCRIBE_KEYS']);
  const arn = env['UNSUBSCRIBE_SECRET_ARN'];
  if (!arn) return null;
  const response = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!response.SecretString) throw new SigningKeysError(`secret ${arn} has no string value`);
  return parseSigningKeys(response.SecretString);
}
