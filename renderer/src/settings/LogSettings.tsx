import { useState } from 'react';
import { MIN_LOG_ROTATE_BYTES, type Settings, type SettingsPatch } from '../../../preload/contract';

const MB = 1024 * 1024;

function mb(bytes: number): string {
  return String(Number((bytes / MB).toFixed(3)));
}

/**
 * Session logs: the size at which a log rotates, what it keeps, and whether
 * escapes are kept. Applied to logs started afterwards (a running writer
 * keeps the limits it was started with).
 */
export function LogSettingsFields({
  settings,
  update,
}: {
  settings: Settings;
  update: (patch: SettingsPatch) => Promise<boolean>;
}): React.JSX.Element {
  const [rotate, setRotate] = useState(mb(settings.logRotateBytes));
  const [keep, setKeep] = useState(mb(settings.logKeepBytes));
  const [problem, setProblem] = useState<string | null>(null);
  const apply = (): void => {
    const logRotateBytes = Math.round(Number(rotate) * MB);
    const logKeepBytes = Math.round(Number(keep) * MB);
    if (!(logRotateBytes >= MIN_LOG_ROTATE_BYTES) || !(logKeepBytes >= 0)) {
      setProblem(`a log rotates at ${mb(MIN_LOG_ROTATE_BYTES)} MB at least`);
      return;
    }
    if (logKeepBytes >= logRotateBytes) {
      setProblem('what a log keeps must be less than the size at which it rotates');
      return;
    }
    setProblem(null);
    void update({ logRotateBytes, logKeepBytes });
  };
  return (
    <fieldset>
      <legend>Session logs</legend>
      <label>
        Rotate a log at{' '}
        <input
          type="number"
          min={0}
          step="any"
          value={rotate}
          onChange={(event) => setRotate(event.target.value)}
          onBlur={apply}
        />{' '}
        MB, keeping its last{' '}
        <input
          type="number"
          min={0}
          step="any"
          value={keep}
          onChange={(event) => setKeep(event.target.value)}
          onBlur={apply}
        />{' '}
        MB
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.logRaw}
          onChange={(event) => void update({ logRaw: event.target.checked })}
        />
        Keep terminal escapes in logs (off: plain text)
      </label>
      {problem && <p className="problem">{problem}</p>}
      <p className="muted small">Applies to logs started from now on.</p>
    </fieldset>
  );
}
