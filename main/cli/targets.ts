/** The flags every supervising command takes: extra sockets and project roots. */
export const TARGET_OPTIONS = {
  socket: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  'project-root': { type: 'string' as const, multiple: true as const, default: [] as string[] },
};

export function targetsFrom(values: { socket: string[]; 'project-root': string[] }): {
  sockets: string[];
  projectRoots: string[];
} {
  return { sockets: values.socket, projectRoots: values['project-root'] };
}
