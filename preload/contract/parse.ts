/**
 * Parsing a payload that crossed a process boundary, with one-line errors.
 */
import type { z } from 'zod';

/**
 * Parse a payload with its schema; on failure throw an Error whose message
 * says which field is wrong and why, in one line.
 */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractError(what, result.error);
}

export class ContractError extends Error {
  constructor(what: string, error: z.ZodError) {
    const first = error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
      .join('; ');
    super(`invalid ${what}: ${first}`);
    this.name = 'ContractError';
  }
}
