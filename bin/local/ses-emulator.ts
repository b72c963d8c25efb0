import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A mail as the SES emulator's GET /store reports it (parsed, not raw MIME). */
export interface EmulatedMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export interface SesEmulator {
  readonly endpoint: string;
  readonly port: number;
  mails(): Promise<EmulatedMail[]>;
  close(): Promise<void>;
}

/** Starts aws-ses-v2-local on 127.0.0.1; its web inbox is served at the endpoint's root. */
export async function startSesEmulator(options: { port: number }): Promise<SesEmulator> {
  // CommonJS setting exports.default: tsx and vitest hand that over as `default`; Node's own import(),
  // which the bundled CLI uses, hands over the whole exports object, so it is `default.default` there.
  type StartSesLocal = (config: { host: string; port: number }) => Promise<Server>;
  const loaded = (await import('aws-ses-v2-local')) as unknown as { default: StartSesLocal | { default: StartSesLocal } };
  const start = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
  const server = await start({ host: '127.0.0.1', port: options.port });
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    async mails() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`SES emulator /store answered ${response.status}`);
      return ((await response.json()) as { emails: EmulatedMail[] }).emails;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
