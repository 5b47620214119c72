/**
 * A terminal's end of its view's channel, whichever tmux client reads the
 * session: output and notices wait, in order, until the view connects (and
 * count against flow control meanwhile); the view's control messages are
 * checked against the contract before the terminal sees them; the channel
 * is taken once, and closed once the terminal is over (at once, or as soon
 * as a view connects to learn why).
 */
import {
  TerminalClientMessageSchema,
  type TerminalClientMessage,
  type TerminalServerMessage,
} from '../../preload/contract';
import type { TerminalPort } from './port';

type Queued = { output: Uint8Array } | { control: TerminalServerMessage };

export interface ViewChannelHandlers {
  /** A valid control message from the view. */
  onMessage: (message: TerminalClientMessage) => void;
  /** The view went away (the terminal detaches). */
  onClose: () => void;
}

export class ViewChannel {
  private port: TerminalPort | null = null;
  private queue: Queued[] = [];
  private everConnected = false;
  private over = false;

  constructor(private readonly handlers: ViewChannelHandlers) {}

  /** Has a view ever taken this channel? */
  get claimed(): boolean {
    return this.everConnected;
  }

  /** Give the channel its view's port. False if it already had one. */
  connect(port: TerminalPort): boolean {
    if (this.port || this.everConnected) return false;
    this.everConnected = true;
    this.port = port;
    port.onControl((text) => this.onControl(text));
    port.onClose(() => this.handlers.onClose());
    for (const item of this.queue.splice(0)) {
      if ('output' in item) port.sendOutput(item.output);
      else port.sendControl(item.control);
    }
    if (this.over) port.close();
    return true;
  }

  sendOutput(bytes: Uint8Array): void {
    if (this.port) this.port.sendOutput(bytes);
    else this.queue.push({ output: bytes });
  }

  sendControl(message: TerminalServerMessage): void {
    if (this.port) this.port.sendControl(message);
    else this.queue.push({ control: message });
  }

  /** The terminal is over: close the view's port, now or once a view connects. */
  close(): void {
    this.over = true;
    this.port?.close();
  }

  private onControl(text: string): void {
    let message: TerminalClientMessage;
    try {
      const parsed = TerminalClientMessageSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid');
      message = parsed.data;
    } catch (error) {
      this.sendControl({
        t: 'error',
        message: `ignored a control message: ${(error as Error).message}`,
      });
      return;
    }
    this.handlers.onMessage(message);
  }
}
