import * as z from 'zod';

/** One entry of config/subscribers.json (operator-managed). */
const subscriberSchema = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(200).optional(),
    topics: z.array(z.string().trim().min(1).max(64)).min(1),
    cadence: z.enum(['instant', 'daily', 'weekly']),
  })
  .strict();

export const subscribersFileSchema = z.array(subscriberSchema);

export type Subscriber = z.infer<typeof subscriberSchema>;
export type Cadence = Subscriber['cadence'];
