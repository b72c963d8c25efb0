import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the proxy received it, body read in full. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query exactly as the client sent them (still URL-encoded). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ProxiedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** How a request reaches the real server; a layer (conditional writes) may wrap it. */
export type Upstream = (request: ProxiedRequest) => Promise<ProxiedResponse>;

/**
 * - `status`: answer with this status and body instead of forwarding (the server never saw it).
 * - `lost-answer`: forward, so the server acts, then answer with this status: the reply was lost.
 * - `hang`: never answer and never forward; only the client's own timeout ends the wait.
 */
export type Fault = ({ readonly kind: 'status' } & FaultAnswer) | ({ readonly kind: 'lost-answer' } & FaultAnswer) | { readonly kind: 'hang' };

/** The answer a faulted request gets; `headers` carry what a JSON API puts there (SES v2's x-amzn-ErrorType). */
export interface FaultAnswer {
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FaultRule {
  readonly name: string;
  readonly matches: (request: ProxiedRequest) => boolean;
  readonly fault: Fault;
  /** Fault only the first N matching requests. */
  readonly times?: number;
  /** Fault every matching request for this long after the rule is added. */
  readonly forMs?: number;
}

interface ActiveRule extends FaultRule {
  readonly addedAt: number;
  injected: number;
}

export interface FaultInjectingProxy {
  readonly endpoint: string;
  /** Adds a rule; earlier rules are checked first. */
  inject(rule: FaultRule): void;
  /** Removes every rule (held requests stay held until their client gives up). */
  clearFaults(): void;
  /** How many requests each rule has faulted so far, by rule name. */
  injected(): Record<string, number>;
  /** Called for every request before rules apply, e.g. to kill a client at a chosen request. */
  onRequest(listener: (request: ProxiedRequest, faultedBy: string | null) => void): void;
  /**
   * Called when the server answered a forwarded request, with its answer as the server gave it
   * (a `lost-answer` fault replaces it afterwards): what the server did, whatever the client hears.
   */
  onAnswer(listener: (request: ProxiedRequest, answer: ProxiedResponse, faultedBy: string | null) => void): void;
  /** Resolves once no forwarded request has been in flight for `quietMs`. */
  quiet(quietMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Plain HTTP forwarding to `target` (http://127.0.0.1:port), response read in full. */
export function forwardTo(target: string): Upstream {
  const base = new URL(target);
  return (request) =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: base.hostname, port: base.port, method: request.method, path: request.url, headers: request.headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
}

function send(response: ServerResponse, answer: ProxiedResponse): void {
  const headers = { ...answer.headers };
  delete headers['transfer-encoding'];
  delete headers['connection'];
  headers['content-length'] = String(answer.body.byteLength);
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

function faultAnswer(fault: FaultAnswer, method: string): ProxiedResponse {
  const body = method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(fault.body ?? '');
  return { status: fault.status, headers: { 'content-type': fault.contentType ?? 'application/xml', ...fault.headers }, body };
}

/**
 * An HTTP proxy on 127.0.0.1 in front of a local emulator that fails requests on purpose: the
 * first N matching requests or all of them for a time window, with an error status, a lost
 * answer or no answer at all. Rules are added and removed while the test runs.
 */
export async function startFaultInjectingProxy(options: { upstream: Upstream }): Promise<FaultInjectingProxy> {
  const rules: ActiveRule[] = [];
  // Kept apart from the rules so the counts survive clearFaults().
  const tally = new Map<string, number>();
  const listeners: ((request: ProxiedRequest, faultedBy: string | null) => void)[] = [];
  const answerListeners: ((request: ProxiedRequest, answer: ProxiedResponse, faultedBy: string | null) => void)[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let lastSettled = Date.now();

  const ruleFor = (request: ProxiedRequest): ActiveRule | null => {
    const now = Date.now();
    for (const rule of rules) {
      if (rule.times !== undefined && rule.injected >= rule.times) continue;
      if (rule.forMs !== undefined && now - rule.addedAt > rule.forMs) continue;
      if (rule.matches(request)) return rule;
    }
    return null;
  };

  const forward = async (request: ProxiedRequest): Promise<ProxiedResponse> => {
    inFlight++;
    try {
      return await options.upstream(request);
    } finally {
      inFlight--;
      lastSettled = Date.now();
    }
  };

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ProxiedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, body: Buffer.concat(chunks) };
      const rule = ruleFor(request);
      if (rule) {
        rule.injected++;
        tally.set(rule.name, (tally.get(rule.name) ?? 0) + 1);
      }
      for (const listener of listeners) listener(request, rule?.name ?? null);
      void (async () => {
        if (rule?.fault.kind === 'hang') return;
        if (rule?.fault.kind === 'status') return send(response, faultAnswer(rule.fault, request.method));
        const answer = await forward(request);
        for (const listener of answerListeners) listener(request, answer, rule?.name ?? null);
        send(response, rule?.fault.kind === 'lost-answer' ? faultAnswer(rule.fault, request.method) : answer);
      })().catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(502).end(String(error));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject: (rule) => rules.push({ ...rule, addedAt: Date.now(), injected: 0 }),
    clearFaults: () => void rules.splice(0),
    injected: () => Object.fromEntries(tally),
    onRequest: (listener) => void listeners.push(listener),
    onAnswer: (listener) => void answerListeners.push(listener),
    async quiet(quietMs) {
      while (inFlight > 0 || Date.now() - lastSettled < quietMs) await new Promise((resolve) => setTimeout(resolve, 25));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
