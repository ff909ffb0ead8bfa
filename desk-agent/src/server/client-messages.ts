import { z } from 'zod';
import type { ClientMessage } from '@sesame/desk-protocol';

const token = z.string().min(1).max(128);
const requestId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ : -');

/** Zod schemas of what a console may send (protocol.ts holds the types the console mirrors). */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), protocol: z.number().int(), token: token.optional() }),
  z.strictObject({ type: z.literal('pair.start') }),
  z.strictObject({ type: z.literal('pair.confirm'), code: z.string().min(1).max(32) }),
  z.strictObject({ type: z.literal('unpair'), token }),
  z.strictObject({ type: z.literal('status'), token }),
  z.strictObject({ type: z.literal('card.read'), token, requestId, reader: z.string().min(1).max(256).optional() }),
]);

// Compile-time check that the schemas and the published types say the same thing.
type Parsed = z.infer<typeof clientMessageSchema>;
const sameShape: [Parsed] extends [ClientMessage] ? ([ClientMessage] extends [Parsed] ? true : never) : never = true;
void sameShape;

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; requestId?: string; detail: string };

/**
 * Parses one text frame. Never throws: anything that is not a valid v1 message gives `ok: false`
 * with a short reason (and the `requestId` when the frame carried a usable one, to route the error).
 */
export function parseClientMessage(raw: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, detail: 'not JSON' };
  }
  const result = clientMessageSchema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  const detail = `${where}${issue?.message ?? 'invalid message'}`.slice(0, 200);
  const id = (json as { requestId?: unknown } | null)?.requestId;
  return requestId.safeParse(id).success ? { ok: false, requestId: id as string, detail } : { ok: false, detail };
}
