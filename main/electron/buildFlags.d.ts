/** True only in electron-vite's dev mode (`npm run dev`); set by electron.vite.config.ts. */
declare const __LOOPWATCH_DEV_BUILD__: boolean;
