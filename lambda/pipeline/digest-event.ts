import * as z from 'zod';
import { deliverySlotOf, type DeliveryWindow } from '../digest/local-delivery.js';
import type { Cadence } from '../store/subscriber.js';

/**
 * The hourly local-morning schedules send {"cadence":"daily"|"weekly","delivery":"local-morning","at":<the
 * scheduled time>}: the run plans the readers whose delivery hour came at that hour (a retried or
 * late invocation keeps it). A fixed schedule sends {"cadence":"daily"|"weekly"}: every reader now;
 * the ingest function sends "instant". Strict, so a local-morning event missing its time is refused
 * rather than read as "everyone now".
 */
const digestEventSchema = z.union([
  z.object({ cadence: z.enum(['daily', 'weekly']), delivery: z.literal('local-morning'), at: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ cadence: z.enum(['instant', 'daily', 'weekly']) }).strict(),
]);

/** What the planner is asked to do. */
export interface DigestRequest {
  readonly cadence: Cadence;
  readonly localDelivery?: { readonly window: DeliveryWindow; readonly slot: Date };
}

/** Thrown for an event the planner cannot act on: the message says what it expects. */
export class DigestEventError extends Error {
  constructor(event: unknown) {
    super(
      `digest event must be {"cadence":"instant"|"daily"|"weekly"} or {"cadence":"daily"|"weekly","delivery":"local-morning","at":"<ISO time>"}, got ${JSON.stringify(event)?.slice(0, 200)}`,
    );
    this.name = 'DigestEventError';
  }
}

export function digestRequestOf(event: unknown, window: DeliveryWindow): DigestRequest {
  const parsed = digestEventSchema.safeParse(event);
  if (!parsed.success) throw new DigestEventError(event);
  if (!('delivery' in parsed.data)) return { cadence: parsed.data.cadence };
  return { cadence: parsed.data.cadence, localDelivery: { window, slot: deliverySlotOf(new Date(parsed.data.at)) } };
}
