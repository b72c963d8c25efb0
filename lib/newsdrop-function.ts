import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT, repoPath } from './repo-paths.js';

export interface NewsdropFunctionProps {
  /** Handler file under lambda/handlers, e.g. "ingest.ts". */
  readonly handlerFile: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  readonly environment: Record<string, string>;
  /** Files the handler reads at run time, copied beside the bundle: [source in repo, name in bundle]. */
  readonly assets?: readonly [string, string][];
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A handler bundled by esbuild for Node.js 22 on arm64, with its own log group and a role that
 * holds only what is granted to it (no managed policies).
 */
export class NewsdropFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NewsdropFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (newsdrop)`,
    });
    this.logGroup.grantWrite(this.role);

    const assets = props.assets ?? [];
    const commandHooks: ICommandHooks = {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) =>
        assets.map(([source, target]) => `cp -r "${inputDir}/${source}" "${outputDir}/${target}"`),
    };
    this.function = new NodejsFunction(this, 'Function', {
      entry: repoPath('lambda', 'handlers', props.handlerFile),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Lambda drops lines below these levels before storing them; Powertools reads the same setting.
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // With --enable-source-maps Node reads the whole map at import: without the sources' text
        // it is ~60% smaller (~15 ms less cold start for ingest) and stack traces still name file and line.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // The runtime's own SDK clients load as large CommonJS files (~200 ms of the ingest cold
        // start for S3 and Lambda); bundled, minified and tree-shaken they load in ~50 ms, and the
        // function runs the SDK version the tests ran.
        bundleAwsSDK: true,
        // linkedom's CSS parser is only reached through HTMLStyleElement.sheet, which nothing reads:
        // a throwing stand-in keeps 195 KB out of every bundle (lambda/shims/cssomnom/parse.ts).
        esbuildArgs: { '--alias:cssomnom': repoPath('lambda/shims/cssomnom') },
        // CommonJS code in dependencies (linkedom's buffer and canvas shims, among others) calls require() inside the ESM bundle.
        banner: "import { createRequire as newsdropCreateRequire } from 'module'; const require = newsdropCreateRequire(import.meta.url);",
        commandHooks,
      },
    });
  }
}
