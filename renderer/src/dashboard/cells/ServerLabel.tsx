import { socketLabel } from '../model/labels';

/** The tmux server, shown only when it is not the default one (same names on two servers differ). */
export function ServerLabel({ socket }: { socket: string | null }): React.JSX.Element | null {
  const label = socketLabel(socket);
  if (socket === null || label === 'default') return null;
  return (
    <span className="badge server" title={`tmux server ${socket}`}>
      @{label}
    </span>
  );
}
