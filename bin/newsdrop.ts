import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { httpUrlOrNull } from '../lambda/text/http-url.js';
import { DEFAULT_LOCAL_UNSUBSCRIBE_PORT } from './local/local-environment.js';
// Types only: erased from the build, so `parse` still loads none of the subscriber modules.
import type { SubscribersRequest } from './commands/subscribers-command.js';

const USAGE = `usage:
  newsdrop parse <file...>                 parse articles, one JSON line per file
  newsdrop classify <file...>              topic label and probabilities per file
  newsdrop preview <file...> --out DIR [--topics a,b] [--to EMAIL] [--from ADDRESS] [--unsubscribe-url URL]
                                           write DIR/digest.html, digest.txt and digest.eml, the mail production
                                           sends (links signed for URL, default local mode's unsubscribe server)
  newsdrop local [--once] [--fresh] [--articles DIR] [--subscribers FILE] [--s3-port N] [--ses-port N] [--unsubscribe-port N]
                 [--dynamodb-port N] [--data-dir DIR] [--old-articles flag|omit]
                                           run the whole pipeline on local S3, SES and DynamoDB emulators
  newsdrop subscribers import FILE [--replace] | export | list | remove EMAIL
                     | add EMAIL --topics a,b --cadence instant|daily|weekly [--name N] [--timezone ZONE]
                     | migrate [--bucket NAME]
                     (--local [--dynamodb-port N] [--s3-port N] | --stack NAME | --table NAME [--bucket NAME])
                                           the subscriber table of a running local mode or a deployed stack;
                                           import and add check topics against the model and the bucket's config/topics.json`;

/** Local mode's subscriber table and DynamoDB port (DynamoDB Local's customary one), shared by `local` and `subscribers --local`. */
const LOCAL_SUBSCRIBER_TABLE = 'newsdrop-local-subscribers';
const DEFAULT_LOCAL_DYNAMODB_PORT = 8000;
/** Local mode's S3 emulator and bucket: `subscribers --local` reads config/topics.json there. */
const DEFAULT_LOCAL_S3_PORT = 4569;
const LOCAL_BUCKET = 'newsdrop-local';
const SUBSCRIBER_ACTIONS = ['import', 'export', 'list', 'add', 'remove', 'migrate'] as const;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

class UsageError extends Error {}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new UsageError(`--${name} must be a port number 0..65535, got "${value}"`);
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  switch (command) {
    case 'parse':
    case 'classify': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length === 0) throw new UsageError(`newsdrop ${command} needs at least one file`);
      // Each command imports only its own modules, so `parse` does not load the digest renderer or the emulators.
      if (command === 'parse') return (await import('./commands/parse-command.js')).parseCommand(positionals, print);
      return (await import('./commands/classify-command.js')).classifyCommand(positionals, print);
    }
    case 'preview': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { out: { type: 'string' }, topics: { type: 'string' }, to: { type: 'string' }, from: { type: 'string' }, 'unsubscribe-url': { type: 'string' } },
      });
      if (positionals.length === 0) throw new UsageError('newsdrop preview needs at least one file');
      if (!values.out) throw new UsageError('newsdrop preview needs --out DIR');
      const unsubscribeUrl = values['unsubscribe-url'] === undefined ? undefined : httpUrlOrNull(values['unsubscribe-url']);
      if (unsubscribeUrl === null) throw new UsageError(`--unsubscribe-url must be an http(s) URL, got "${values['unsubscribe-url']}"`);
      const topics = (values.topics ?? '*').split(',').map((topic) => topic.trim()).filter(Boolean);
      const { DEFAULT_PREVIEW_UNSUBSCRIBE_URL, previewCommand, previewSigningKeys } = await import('./commands/preview-command.js');
      return previewCommand(
        {
          files: positionals,
          outDir: values.out,
          topics: topics.length ? topics : ['*'],
          to: values.to ?? 'reader@example.com',
          from: values.from ?? 'News Digest <digest@example.com>',
          unsubscribeUrl: unsubscribeUrl ?? DEFAULT_PREVIEW_UNSUBSCRIBE_URL,
          signing: previewSigningKeys(),
        },
        print,
        warn,
      );
    }
    case 'local': {
      const { values } = parseArgs({
        args: rest,
        options: {
          once: { type: 'boolean', default: false },
          fresh: { type: 'boolean', default: false },
          articles: { type: 'string' },
          subscribers: { type: 'string' },
          'data-dir': { type: 'string' },
          's3-port': { type: 'string' },
          'ses-port': { type: 'string' },
          'unsubscribe-port': { type: 'string' },
          'dynamodb-port': { type: 'string' },
          'old-articles': { type: 'string', default: 'flag' },
        },
      });
      const oldArticles = values['old-articles'];
      if (oldArticles !== 'flag' && oldArticles !== 'omit') throw new UsageError(`--old-articles must be flag or omit, got ${JSON.stringify(oldArticles)}`);
      const { runLocal } = await import('./local/run-local.js');
      return runLocal({
        once: values.once,
        fresh: values.fresh,
        articlesDir: path.resolve(values.articles ?? path.join(repoRoot, 'examples', 'articles')),
        subscribersFile: path.resolve(values.subscribers ?? path.join(repoRoot, 'examples', 'subscribers.json')),
        dataDir: path.resolve(values['data-dir'] ?? path.join(repoRoot, '.newsdrop')),
        s3Port: port(values['s3-port'], DEFAULT_LOCAL_S3_PORT, 's3-port'),
        sesPort: port(values['ses-port'], 8005, 'ses-port'),
        unsubscribePort: port(values['unsubscribe-port'], DEFAULT_LOCAL_UNSUBSCRIBE_PORT, 'unsubscribe-port'),
        dynamoDbPort: port(values['dynamodb-port'], DEFAULT_LOCAL_DYNAMODB_PORT, 'dynamodb-port'),
        bucket: LOCAL_BUCKET,
        deliveryTable: 'newsdrop-local-deliveries',
        subscriberTable: LOCAL_SUBSCRIBER_TABLE,
        articleIndexTable: 'newsdrop-local-articles',
        oldArticles,
        print,
      });
    }
    case 'subscribers': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          local: { type: 'boolean', default: false },
          'dynamodb-port': { type: 'string' },
          's3-port': { type: 'string' },
          stack: { type: 'string' },
          table: { type: 'string' },
          bucket: { type: 'string' },
          replace: { type: 'boolean', default: false },
          topics: { type: 'string' },
          cadence: { type: 'string' },
          name: { type: 'string' },
          timezone: { type: 'string' },
        },
      });
      const [action, argument, ...extra] = positionals;
      if (!SUBSCRIBER_ACTIONS.includes(action as (typeof SUBSCRIBER_ACTIONS)[number])) {
        throw new UsageError(`newsdrop subscribers needs one of ${SUBSCRIBER_ACTIONS.join(', ')}`);
      }
      const takesArgument = action === 'import' || action === 'add' || action === 'remove';
      if (takesArgument && !argument) throw new UsageError(`newsdrop subscribers ${action} needs ${action === 'import' ? 'a FILE' : 'an EMAIL'}`);
      if (extra.length > 0 || (!takesArgument && argument)) throw new UsageError(`unexpected argument "${extra[0] ?? argument}"`);
      const places = [values.local, values.stack !== undefined, values.table !== undefined].filter(Boolean).length;
      if (places !== 1) throw new UsageError('newsdrop subscribers needs exactly one of --local, --stack NAME, --table NAME');
      const location = values.local
        ? {
            kind: 'local' as const,
            dynamoDbPort: port(values['dynamodb-port'], DEFAULT_LOCAL_DYNAMODB_PORT, 'dynamodb-port'),
            s3Port: port(values['s3-port'], DEFAULT_LOCAL_S3_PORT, 's3-port'),
            bucket: LOCAL_BUCKET,
            tableName: LOCAL_SUBSCRIBER_TABLE,
          }
        : values.stack !== undefined
          ? { kind: 'stack' as const, stackName: values.stack }
          : { kind: 'table' as const, tableName: values.table! };
      const request: SubscribersRequest =
        action === 'import'
          ? { action: 'import', file: path.resolve(argument!), replace: values.replace, bucket: values.bucket ?? null }
          : action === 'add'
            ? {
                action: 'add',
                row: {
                  email: argument,
                  topics: values.topics?.split(',').map((topic) => topic.trim()).filter(Boolean),
                  cadence: values.cadence,
                  ...(values.name !== undefined ? { name: values.name } : {}),
                  ...(values.timezone !== undefined ? { timezone: values.timezone } : {}),
                },
                bucket: values.bucket ?? null,
              }
            : action === 'remove'
              ? { action: 'remove', email: argument! }
              : action === 'migrate'
                ? { action: 'migrate', bucket: values.bucket ?? null }
                : { action: action as 'export' | 'list' };
      const { subscribersCommand } = await import('./commands/subscribers-command.js');
      return subscribersCommand(request, location, print, warn);
    }
    case undefined:
    case '-h':
    case '--help':
      print(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`newsdrop: ${(error as Error).message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`newsdrop: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
