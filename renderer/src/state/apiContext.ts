import { createContext, useContext } from 'react';
import type { LoopwatchApi } from '../../../preload/contract';

/** The API object (preload or WebSocket), for components that ask main for more (details, peek). */
export const ApiContext = createContext<LoopwatchApi | null>(null);

export function useApi(): LoopwatchApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiContext.Provider>');
  return api;
}
