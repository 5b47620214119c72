/**
 * electron-builder.yml, checked without packaging (which downloads
 * Electron): valid against electron-builder's own configuration schema, by
 * its own validator, and the fuses the security checklist asks for.
 */
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
