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
  WsClientMessageSchema,
  WsServerMessageSchema,
} from '../../../preload/contract';
import { sampleSession } from '../../helpers/samples';

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
