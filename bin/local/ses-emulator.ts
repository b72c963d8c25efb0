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
  // CommonJS module with a default export.
  const start = (await import('aws-ses-v2-local')).default as unknown as (config: { host: string; port: number }) => Promise<Server>;
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
