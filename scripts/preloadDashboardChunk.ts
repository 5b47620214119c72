/**
 * A renderer build plugin: the page's HTML asks for the dashboard's chunk
 * (`mount`, loaded with a dynamic import after the connection starts; see
 * renderer/src/main.ts) and its own imports and styles while the entry
 * script is still loading, instead of after it ran: the first render of a
 * long list waited for the two downloads one after the other.
 */
import type { Plugin } from 'vite';

/** The dynamic chunk the first render needs (renderer/src/mount.tsx). */
const DASHBOARD_CHUNK = 'mount';

export function preloadDashboardChunk(): Plugin {
  return {
    name: 'loopwatch:preload-dashboard-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunk = Object.values(bundle).find(
          (output) => output.type === 'chunk' && output.name === DASHBOARD_CHUNK,
        );
        if (!chunk || chunk.type !== 'chunk') return [];
        // The entry itself is in the page already.
        const scripts = [chunk.fileName, ...chunk.imports].filter((file) => {
          const output = bundle[file];
          return !(output?.type === 'chunk' && output.isEntry);
        });
        const styles = [...(chunk.viteMetadata?.importedCss ?? [])];
        return [
          ...scripts.map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          })),
          ...styles.map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}
