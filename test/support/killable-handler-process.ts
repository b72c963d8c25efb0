import { forwardTo, startFaultInjectingProxy, type FaultInjectingProxy, type ProxiedRequest, type ProxiedResponse } from './fault-injecting-proxy.js';
import { startHandlerProcess } from './run-bundled-handler.js';

/** Where the process dies: at its `request`-th request to S3, DynamoDB or SES (counted together, from 1). */
export interface KillPoint {
  readonly request: number;
  /**
   * false: it dies before that request goes out (the service never sees it). true: the service
   * acts on it and the process dies before reading the answer.
   */
  readonly afterAnswer: boolean;
}

/** The endpoints the process would use without the kill: the stack's (fault-injecting) proxies. */
export interface ServiceEndpoints {
  readonly s3: string;
  readonly dynamoDb: string;
  readonly ses: string;
}

export type KillableOutcome =
  | { readonly outcome: 'killed'; readonly requests: number }
  /** It got through before its kill point. */
  | { readonly outcome: 'finished'; readonly requests: number; readonly result: unknown }
  | { readonly outcome: 'failed'; readonly requests: number; readonly error: Error };

/**
 * Runs a handler in a Node process of its own (startHandlerProcess) that is SIGKILLed at a given
 * request. Its S3, DynamoDB and SES requests go through proxies of its own, in front of `upstream`,
 * which see the kill point; from the kill on they hold every further request unanswered and
 * unforwarded, so nothing the process did after its death reaches a service. Requests it had sent
 * before stay with the service, as when a Lambda sandbox dies with requests in flight.
 */
export async function runKillableHandler(
  module: string,
  event: unknown,
  options: {
    readonly env: Record<string, string>;
    readonly upstream: ServiceEndpoints;
    readonly killAt: KillPoint;
    /** The function's timeout: what context.getRemainingTimeInMillis() starts from. */
    readonly timeoutMs: number;
    /** Sees each answer a service gave the process, those that came after its death too (e.g. the mails SES accepted). */
    readonly onAnswer?: (service: keyof ServiceEndpoints, request: ProxiedRequest, answer: ProxiedResponse) => void;
  },
): Promise<KillableOutcome> {
  let requests = 0;
  let dead = false;
  const numbered = new WeakMap<ProxiedRequest, number>();
  let kill = () => {};
  const die = () => {
    dead = true;
    kill();
  };
  const proxies: [keyof ServiceEndpoints, FaultInjectingProxy][] = [];
  for (const service of ['s3', 'dynamoDb', 'ses'] as const) {
    const proxy = await startFaultInjectingProxy({ upstream: forwardTo(options.upstream[service]) });
    proxy.inject({
      name: 'process dead',
      matches: (request) => {
        if (dead) return true;
        numbered.set(request, ++requests);
        if (requests === options.killAt.request && !options.killAt.afterAnswer) die();
        return dead;
      },
      fault: { kind: 'hang' },
    });
    proxy.onAnswer((request, answer) => {
      // Also for requests in flight at the kill: the service acted on them all the same.
      options.onAnswer?.(service, request, answer);
      if (!dead && options.killAt.afterAnswer && numbered.get(request) === options.killAt.request) die();
    });
    proxies.push([service, proxy]);
  }
  const endpoint = (service: keyof ServiceEndpoints) => proxies.find(([name]) => name === service)![1].endpoint;
  try {
    const child = startHandlerProcess(
      module,
      event,
      { ...options.env, AWS_ENDPOINT_URL_S3: endpoint('s3'), AWS_ENDPOINT_URL_DYNAMODB: endpoint('dynamoDb'), AWS_ENDPOINT_URL_SESV2: endpoint('ses') },
      { timeoutMs: options.timeoutMs },
    );
    kill = () => child.kill();
    if (dead) child.kill();
    try {
      const result = await child.result;
      return { outcome: 'finished', requests, result };
    } catch (error) {
      return dead ? { outcome: 'killed', requests: options.killAt.request } : { outcome: 'failed', requests, error: error as Error };
    }
  } finally {
    await Promise.all(proxies.map(([, proxy]) => proxy.close()));
  }
}
