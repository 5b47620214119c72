import { createContext } from 'react';

/**
 * Called on every render of a row with its session id. Null in the app;
 * tests provide one to prove that an update of one session re-renders one row.
 */
export const RowRenderProbe = createContext<((sessionId: string) => void) | null>(null);
