/**
 * electron-builder.yml, checked without packaging (which downloads
 * Electron): valid against electron-builder's own configuration schema, by
 * its own validator, and the fuses the security checklist asks for.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader and validator (app-builder-lib ships scheme.json).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';

const REPO = join(import.meta.dirname, '..', '..', '..', '..');

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's configuration schema", async () => {
    const config = await getConfig(REPO, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validator would catch a mistake (so the check above can fail)', async () => {
    const config = await getConfig(REPO, null, null);
    await expect(
      validateConfiguration(
        { ...config, electronFuses: { runAsNod: false } } as never,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/electronFuses/);
  });

  it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; ASAR integrity and ASAR-only; encrypted cookies; no file:// extras', async () => {
    const config = await getConfig(REPO, null, null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });
});

describe('installers', () => {
  it('the deb depends on tmux 3.2+ besides what Electron needs', async () => {
    const config = await getConfig(REPO, null, null);
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['tmux (>= 3.2)', 'libgtk-3-0']));
  });

  it('icons: assets/icons for Linux, the 1024 px assets/icon.png for macOS and Windows', async () => {
    const config = await getConfig(REPO, null, null);
    expect(config.linux?.icon).toBe('assets/icons');
    expect(config.mac?.icon).toBe('assets/icon.png');
    expect(config.win?.icon).toBe('assets/icon.png');
  });

  it('macOS: hardened runtime with the entitlements node-pty and V8 need, nothing more', async () => {
    const config = await getConfig(REPO, null, null);
    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      entitlements: 'assets/entitlements.mac.plist',
      entitlementsInherit: 'assets/entitlements.mac.plist',
    });
    const plist = await readFile(join(REPO, 'assets', 'entitlements.mac.plist'), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.cs.allow-unsigned-executable-memory',
      'com.apple.security.cs.disable-library-validation',
    ]);
  });

  it('package.json has what the deb needs (homepage, author email, repository)', async () => {
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      homepage?: string;
      author?: { email?: string };
      repository?: { url?: string };
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(pkg.repository?.url).toMatch(/\.git$/);
    // Bundled into the renderer by Vite: never copied into the app as runtime modules.
    const runtime = Object.keys(pkg.dependencies);
    expect(runtime.filter((name) => /^(react|react-dom|@xterm\/.*)$/.test(name))).toEqual([]);
    expect(pkg.devDependencies).toHaveProperty('react');
    expect(pkg.devDependencies).toHaveProperty('@xterm/xterm');
  });
});
