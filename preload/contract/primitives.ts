/**
 * Field types shared by several of the contract's domains. Internal to the
 * contract: index.ts does not re-export them.
 */
import { z } from 'zod';

/** An ISO 8601 time with its offset, as every timestamp crossing a boundary is written. */
export const IsoTime = z.iso.datetime({ offset: true });
export const Pid = z.number().int().positive();
