import { createUnsubscribeQuery, type SigningKeys } from './unsubscribe-token.js';

/** Signed links to the unsubscribe endpoint for one recipient. */
export interface UnsubscribeLinks {
  unsubscribeUrl(email: string): string;
  stopTopicUrl(email: string, topic: string): string;
}

export function unsubscribeLinks(baseUrl: string, signing: SigningKeys, now: () => Date = () => new Date()): UnsubscribeLinks {
  const base = new URL(baseUrl);
  const link = (email: string, scope: string) => {
    const url = new URL(base);
    url.search = createUnsubscribeQuery({ email, scope, issuedAt: Math.floor(now().getTime() / 1000) }, signing);
    return url.href;
  };
  return { unsubscribeUrl: (email) => link(email, '*'), stopTopicUrl: (email, topic) => link(email, topic) };
}
