/**
 * Every parser of files and messages other programs write, fed generated
 * garbage: none may throw, and what they return keeps its shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hookVerdict, parseHookMessage } from '../../../../main/core/sources/hooks/hookEvent';
import { lastEvent } from '../../../../main/core/sources/pipeline/events';
import { parseResume } from '../../../../main/core/sources/pipeline/parallel';
import { lastMeaningfulLine } from '../../../../main/core/sources/pipeline/progress';
import { runArgsFromCommand } from '../../../../main/core/sources/pipeline/runArgs';
import { agentStateFromEvents } from '../../../../main/core/sources/schmux/events';
import { parseSchmuxState } from '../../../../main/core/sources/schmux/stateFile';
import { FIELD_SEPARATOR, parseFastLines, paneQuery } from '../../../../main/core/tmux/formats';

const RUNS = { numRuns: 300 };

/** Arbitrary JSON-ish text: real JSON of any shape, cut JSON, and plain junk. */
const jsonish = fc.oneof(
  fc.json(),
  fc.json().map((j) => j.slice(0, Math.max(0, j.length - 3))),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

/** Shapes close to the real files, with fields of the wrong type. */
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
);
const schmuxLike = fc
  .record({
    workspaces: fc.array(fc.record({ id: anyValue, path: anyValue }), { maxLength: 3 }),
    sessions: fc.array(
      fc.record({
        id: anyValue,
        workspace_id: anyValue,
        nickname: anyValue,
        tmux_socket: anyValue,
        tmux_session: anyValue,
        status: anyValue,
      }),
      { maxLength: 4 },
    ),
  })
  .map((v) => JSON.stringify(v));
const eventLines = fc
  .array(
    fc.oneof(
      fc
        .record({
          type: fc.constantFrom('status', 'failure', 'x'),
          state: fc.constantFrom(
            'working',
            'needs_input',
            'needs_testing',
            'completed',
            'error',
            'nope',
          ),
          message: anyValue,
        })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 20 },
  )
  .map((lines) => lines.join('\n'));

describe('parsers never throw on garbage (fuzz)', () => {
  it('schmux state.json', () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, schmuxLike), (text) => {
        const parsed = parseSchmuxState(text);
        if (parsed.ok)
          for (const s of parsed.state.sessions) expect(typeof s.tmuxSession).toBe('string');
        else expect(parsed.error).toMatch(/schmux state\.json/);
      }),
      RUNS,
    );
  });

  it('schmux events and pipeline events (JSONL)', () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, eventLines), (text) => {
        const state = agentStateFromEvents(text);
        if (state)
          expect(['working', 'needs_input', 'needs_testing', 'completed', 'error']).toContain(
            state.state,
          );
        const last = lastEvent(text);
        if (last) expect(typeof last.type).toBe('string');
      }),
      RUNS,
    );
  });

  it('hook messages and the events inside them', () => {
    fc.assert(
      fc.property(jsonish, fc.jsonValue(), (line, event) => {
        parseHookMessage(line);
        const verdict = hookVerdict({
          v: 1,
          kind: 'claude',
          event,
          tmux: null,
          tmuxPane: null,
          cwd: null,
          at: 0,
        });
        if (verdict) expect(verdict.signal.rank).toBe('agent');
        hookVerdict({ v: 1, kind: 'codex', event, tmux: null, tmuxPane: null, cwd: null, at: 0 });
      }),
      RUNS,
    );
  });

  it('parallel resume.json, progress files, run.sh command lines', () => {
    fc.assert(
      fc.property(jsonish, fc.string({ maxLength: 200 }), (text, command) => {
        for (const hint of parseResume(text).values()) expect(Object.keys(hint)).toHaveLength(3);
        lastMeaningfulLine(text);
        const args = runArgsFromCommand(command);
        if (args) expect(typeof args.runName).toBe('string');
      }),
      RUNS,
    );
  });

  it('tmux list-panes answers, full and fast, however mangled', () => {
    const field = fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constant(''));
    const line = fc.array(field, { maxLength: 30 }).map((fields) => fields.join(FIELD_SEPARATOR));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = lines.join('\n');
        for (const s of paneQuery().parse(text)) expect(Array.isArray(s.panes)).toBe(true);
        for (const p of parseFastLines(text)) expect(typeof p.dead).toBe('boolean');
      }),
      RUNS,
    );
  });
});
