/**
 * The `serve` WebSocket envelope (text frames; terminal data uses binary).
 */
import { z } from 'zod';

export const WsClientMessageSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  op: z.string(),
  payload: z.unknown().optional(),
});
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

export const WsServerMessageSchema = z.union([
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
  z.object({ t: z.literal('evt'), ev: z.string(), payload: z.unknown() }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;
