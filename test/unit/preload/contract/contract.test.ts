import { describe, expect, it } from 'vitest';
import {
  ALLOWED_CHANNELS,
  ContractError,
  events,
  operations,
  parsePayload,
  SessionSchema,
  SessionsDeltaSchema,
  subscriptionName,
  OpenTerminalRequestSchema,
  OpenTerminalResponseSchema,
  TERMINAL_MAX_INPUT_CHARS,
  TERMINAL_PORT_CHANNEL,
  TERMINAL_PORT_REQUEST_CHANNEL,
  TerminalClientMessageSchema,
  TerminalServerMessageSchema,
  WsClientMessageSchema,
  WsServerMessageSchema,
} from '../../../../preload/contract';
import { sampleSession } from '../../../helpers/samples';

describe('contract schemas', () => {
  it('accept a well-formed session', () => {
    expect(parsePayload(SessionSchema, sampleSession(), 'session').name).toBe('pipeline-auth');
  });

  it('reject a session with a bad status, naming the field and the problem', () => {
    const bad = { ...sampleSession(), status: 'sleeping' };
    expect(() => parsePayload(SessionSchema, bad, 'session')).toThrow(ContractError);
    expect(() => parsePayload(SessionSchema, bad, 'session')).toThrow(/invalid session: status: /);
  });

  it('reject a pane id that is not a tmux pane id', () => {
    const session = sampleSession();
    const bad = { ...session, panes: [{ ...session.panes[0], id: '3' }] };
    expect(() => parsePayload(SessionSchema, bad, 'session')).toThrow(
      /panes\.0\.id: a tmux pane id/,
    );
  });

  it('reject a delta without a positive sequence number', () => {
    expect(() =>
      parsePayload(SessionsDeltaSchema, { seq: 0, upsert: [], remove: [] }, 'delta'),
    ).toThrow(/invalid delta: seq/);
  });

  it('reject a missing field with its path', () => {
    const { reason: _omitted, ...rest } = sampleSession();
    expect(() => parsePayload(SessionSchema, rest, 'session')).toThrow(/reason/);
  });

  it('reject WebSocket requests that are not requests', () => {
    expect(WsClientMessageSchema.safeParse({ t: 'req', id: -1, op: 'x' }).success).toBe(false);
    expect(WsClientMessageSchema.safeParse({ t: 'hello' }).success).toBe(false);
    expect(WsClientMessageSchema.safeParse({ t: 'req', id: 1, op: 'getSnapshot' }).success).toBe(
      true,
    );
  });

  it('parse every kind of WebSocket answer, and nothing else', () => {
    expect(
      WsServerMessageSchema.parse({ t: 'res', id: 1, ok: true, result: { a: 1 } }),
    ).toMatchObject({ ok: true });
    expect(WsServerMessageSchema.parse({ t: 'res', id: 1, ok: false, error: 'no' })).toMatchObject({
      ok: false,
    });
    expect(WsServerMessageSchema.parse({ t: 'evt', ev: 'transition', payload: {} })).toMatchObject({
      t: 'evt',
    });
    expect(WsServerMessageSchema.safeParse({ t: 'res', id: 1, ok: false }).success).toBe(false);
    expect(WsServerMessageSchema.safeParse({ t: 'other' }).success).toBe(false);
  });

  it('getSnapshot takes no payload', () => {
    expect(() =>
      parsePayload(operations.getSnapshot.request, { x: 1 }, 'getSnapshot request'),
    ).toThrow(/invalid getSnapshot request/);
  });
});

describe('channel allowlist', () => {
  it('holds every operation and event channel, each unique and namespaced', () => {
    const channels = [
      ...Object.values(operations).map((o) => o.channel),
      ...Object.values(events).map((e) => e.channel),
    ];
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) {
      expect(channel).toMatch(/^loopwatch:/);
      expect(ALLOWED_CHANNELS.has(channel)).toBe(true);
    }
  });

  it('names subscriptions onX', () => {
    expect(subscriptionName('sessionsDelta')).toBe('onSessionsDelta');
  });
});

describe('terminal contract', () => {
  it('bounds what a view may send', () => {
    const ok = (m: unknown) => TerminalClientMessageSchema.safeParse(m).success;
    expect(ok({ t: 'input', data: 'ls\r' })).toBe(true);
    expect(ok({ t: 'input', data: 'x'.repeat(TERMINAL_MAX_INPUT_CHARS + 1) })).toBe(false);
    expect(ok({ t: 'input', data: '' })).toBe(false);
    expect(ok({ t: 'resize', cols: 80, rows: 24 })).toBe(true);
    expect(ok({ t: 'resize', cols: 80.5, rows: 24 })).toBe(false);
    expect(ok({ t: 'resize', cols: 100_000, rows: 24 })).toBe(false);
    expect(ok({ t: 'ack', bytes: 0 })).toBe(false);
    expect(ok({ t: 'mode', mode: 'root' })).toBe(false);
    expect(ok({ t: 'kill' })).toBe(false);
  });

  it('names a terminal by session and mode, and answers with how to attach by hand', () => {
    expect(
      OpenTerminalRequestSchema.safeParse({ sessionId: 's', mode: 'watch', cols: 80, rows: 24 })
        .success,
    ).toBe(true);
    expect(
      OpenTerminalRequestSchema.safeParse({ sessionId: '', mode: 'watch', cols: 80, rows: 24 })
        .success,
    ).toBe(false);
    expect(Object.keys(OpenTerminalResponseSchema.shape).sort()).toEqual(
      ['attachCommand', 'mode', 'sessionId', 'sessionName', 'socket', 'terminalId'].sort(),
    );
  });

  it('allows the terminal port channels and adds the open operation and request event', () => {
    expect(ALLOWED_CHANNELS.has(TERMINAL_PORT_REQUEST_CHANNEL)).toBe(true);
    expect(ALLOWED_CHANNELS.has(TERMINAL_PORT_CHANNEL)).toBe(true);
    expect(operations.openTerminal.channel).toBe('loopwatch:terminal:open');
    expect(events.terminalRequested.channel).toBe('loopwatch:terminal:requested');
    expect(
      TerminalServerMessageSchema.safeParse({
        t: 'ended',
        end: { kind: 'exited', message: 'tmux: [exited]', exitCode: 0, signal: null },
      }).success,
    ).toBe(true);
  });
});
