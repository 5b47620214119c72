/**
 * The live terminal: opening a tmux attach on a session and the messages
 * exchanged over its own channel (the channel names are in channels.ts).
 */
import { z } from 'zod';

// Live terminal (issue 4): open a tmux attach on a session, then stream it
// over its own channel: a WebSocket at TERMINAL_WS_PATH in `serve`, a
// MessagePort in Electron. Same protocol on both: output is bytes (UTF-8,
// never split inside a character), control messages are JSON text.

/** watch: read-only and ignore-size (the agent's window keeps its size); interactive: keys and size go through. */
export const TERMINAL_MODES = ['watch', 'interactive'] as const;
export const TerminalModeSchema = z.enum(TERMINAL_MODES);
export type TerminalMode = z.infer<typeof TerminalModeSchema>;

/** Bigger than any real screen, small enough that a bogus size cannot make tmux allocate gigabytes. */
export const TERMINAL_MAX_COLS = 1000;
export const TERMINAL_MAX_ROWS = 500;
const TerminalCols = z.number().int().min(2).max(TERMINAL_MAX_COLS);
const TerminalRows = z.number().int().min(1).max(TERMINAL_MAX_ROWS);

/**
 * Flow control, shared by the pty host and the view (VS Code's numbers):
 * the host pauses reading the pty once this many output bytes are sent but
 * not yet parsed by xterm, and resumes below the low mark; the view
 * acknowledges parsed bytes in steps. The step must not exceed the low mark,
 * or a view holding back one unsent step could keep the host paused forever.
 */
export const TERMINAL_FLOW = {
  /** VS Code's figure: tens of ms of xterm parsing in flight, so a key's echo never queues long behind output. */
  highWatermarkBytes: 100_000,
  /** Resume early enough that xterm does not run dry while the pty refills. */
  lowWatermarkBytes: 5_000,
  /** One ack per 5 kB parsed: far fewer messages than writes, and never more than the low mark held back. */
  ackStepBytes: 5_000,
} as const;

/** One input message at most this long; the view splits bigger pastes. */
export const TERMINAL_MAX_INPUT_CHARS = 64 * 1024;

export const OpenTerminalRequestSchema = z.object({
  sessionId: z.string().min(1),
  mode: TerminalModeSchema,
  /** The view's size, so the first screen tmux draws already fits. */
  cols: TerminalCols,
  rows: TerminalRows,
});
export type OpenTerminalRequest = z.infer<typeof OpenTerminalRequestSchema>;

export const OpenTerminalResponseSchema = z.object({
  /** Names this terminal's channel (WebSocket `?id=` or MessagePort). */
  terminalId: z.string().min(1),
  sessionId: z.string(),
  /** The tmux session name attached to (exact match, `=NAME`). */
  sessionName: z.string(),
  socket: z.string(),
  mode: TerminalModeSchema,
  /** `tmux -S SOCKET attach -t =NAME`, quoted for the user's shell, to paste in a terminal. */
  attachCommand: z.string(),
});
export type OpenTerminalResponse = z.infer<typeof OpenTerminalResponseSchema>;

/** Main asks the dashboard to open (or focus) a session's terminal: tray and notification clicks. */
export const TerminalRequestedSchema = z.object({
  sessionId: z.string().min(1),
  mode: TerminalModeSchema,
});
export type TerminalRequested = z.infer<typeof TerminalRequestedSchema>;

/** A tmux pane's number (`%12` is 12). */
const PaneNumber = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31);

/** View -> host control messages (JSON text). */
export const TerminalClientMessageSchema = z.discriminatedUnion('t', [
  /** Keys and pastes; dropped by the host in watch mode. `pane`: where they go (default: tmux's active pane). */
  z.object({
    t: z.literal('input'),
    data: z.string().min(1).max(TERMINAL_MAX_INPUT_CHARS),
    pane: PaneNumber.optional(),
  }),
  z.object({ t: z.literal('resize'), cols: TerminalCols, rows: TerminalRows }),
  /** Output bytes xterm has parsed since the last ack (of `pane`'s output, when read pane by pane). */
  z.object({
    t: z.literal('ack'),
    bytes: z
      .number()
      .int()
      .positive()
      .max(2 ** 31),
    pane: PaneNumber.optional(),
  }),
  /** Interactive, pane by pane: the user clicked into this pane; tmux makes it the active one. */
  z.object({ t: z.literal('select'), pane: PaneNumber }),
  /** Switch watch/interactive: the host re-attaches with the other flags. */
  z.object({ t: z.literal('mode'), mode: TerminalModeSchema }),
]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessageSchema>;

/** Why an attach ended, from tmux's own last words and its exit status. */
export const TERMINAL_END_KINDS = [
  /** `[exited]`: the session is gone (its last pane exited, or it was killed). */
  'exited',
  /** `[detached ...]`: someone detached this client (the session lives on). */
  'detached',
  /** `[server exited]` or `[server exited unexpectedly]`: the whole tmux server went away. */
  'serverExited',
  /** `can't find session`: the session vanished before the attach. */
  'notFound',
  /** No tmux server on that socket (socket gone). */
  'noServer',
  /** The tmux binary could not be run. */
  'tmuxMissing',
  /**
   * Not attached: the session's active pane is dead and this tmux (3.3 to 3.4)
   * crashes its server when a client attaches there; `screen` holds its kept screen.
   */
  'deadPane',
  /** A remote session's host went away (link cut, sshd gone) or refused us: the session may live on there. */
  'hostUnreachable',
  /** Anything else tmux said, or an exit without a word. */
  'failed',
] as const;
export const TerminalEndKindSchema = z.enum(TERMINAL_END_KINDS);
export type TerminalEndKind = z.infer<typeof TerminalEndKindSchema>;

export const TerminalEndSchema = z.object({
  kind: TerminalEndKindSchema,
  /** One human line, e.g. "tmux: [exited]" or "the session no longer exists". */
  message: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  /** The pane's last screen (with its escape sequences), shown when no client could attach. */
  screen: z.string().max(262_144).optional(),
});
export type TerminalEnd = z.infer<typeof TerminalEndSchema>;

/** Host -> view control messages (JSON text; output bytes travel as binary). */
export const TerminalServerMessageSchema = z.discriminatedUnion('t', [
  /** A tmux client is attached in this mode (first attach, and after each mode switch). */
  z.object({ t: z.literal('attached'), mode: TerminalModeSchema }),
  /**
   * Watch mode: the size of the agent's window, which the view shows as it
   * is. (tmux 3.3 lets an ignore-size client resize a window when no other
   * client is attached, so the watching client always has the window's own size.)
   */
  z.object({ t: z.literal('size'), cols: TerminalCols, rows: TerminalRows }),
  /**
   * Read pane by pane (tmux 3.2+, see paneFrame.ts): the window on
   * show, in cells, with each pane's place in it (tmux's borders between).
   * Sent before any output of a pane it lists, and again whenever it changes.
   */
  z.object({
    t: z.literal('layout'),
    cols: z.number().int().positive().max(10_000),
    rows: z.number().int().positive().max(10_000),
    active: PaneNumber,
    panes: z.array(
      z.object({
        id: PaneNumber,
        x: z.number().int().nonnegative(),
        y: z.number().int().nonnegative(),
        cols: z.number().int().positive(),
        rows: z.number().int().positive(),
      }),
    ),
  }),
  /** The attach ended; no more output follows. */
  z.object({ t: z.literal('ended'), end: TerminalEndSchema }),
  /** A control message the host could not use (the channel stays open). */
  z.object({ t: z.literal('error'), message: z.string() }),
]);
export type TerminalServerMessage = z.infer<typeof TerminalServerMessageSchema>;

/** `serve`: one WebSocket per terminal, `TERMINAL_WS_PATH?id=TERMINAL_ID`, same cookie and origin checks as `/ws`. */
export const TERMINAL_WS_PATH = '/ws/terminal';

export const TerminalPortRequestSchema = z.object({ terminalId: z.string().min(1) });
export type TerminalPortRequest = z.infer<typeof TerminalPortRequestSchema>;
/** The window message the preload posts to the page, with the port in `event.ports[0]`. */
export const TERMINAL_PORT_WINDOW_MESSAGE = 'loopwatch:terminal-port';
export const TerminalPortWindowMessageSchema = z.object({
  type: z.literal(TERMINAL_PORT_WINDOW_MESSAGE),
  terminalId: z.string().min(1),
});

/** What the preload exposes as `window.loopwatchTerminalPorts` (never ipcRenderer itself). */
export interface TerminalPortBridge {
  /** Ask main for this terminal's port; it arrives as a TERMINAL_PORT_WINDOW_MESSAGE. */
  request(terminalId: string): void;
}
