import { describe, expect, it } from 'vitest';
import {
  exactSession,
  exactSessionPane,
  formatLiteral,
  quoteTmuxArg,
  targetableByName,
  tmuxCommandLine,
  UntargetableSessionError,
} from '../../../../../main/core/tmux/quote';

describe('quoteTmuxArg', () => {
  it('wraps in double quotes and escapes what tmux parses inside them', () => {
    expect(quoteTmuxArg('plain')).toBe('"plain"');
    expect(quoteTmuxArg('a"b')).toBe('"a\\"b"');
    expect(quoteTmuxArg('a\\b')).toBe('"a\\\\b"');
    expect(quoteTmuxArg('$(rm -rf ~)')).toBe('"\\$(rm -rf ~)"');
    expect(quoteTmuxArg('two\nlines')).toBe('"two\\nlines"');
  });

  it("leaves characters literal that are literal inside tmux's double quotes", () => {
    expect(quoteTmuxArg("it's; #{x} ~ é")).toBe('"it\'s; #{x} ~ é"');
  });

  it('escapes a leading ~, which tmux expands to a home directory even inside double quotes', () => {
    expect(quoteTmuxArg('~/x')).toBe('"\\~/x"');
    expect(quoteTmuxArg('~')).toBe('"\\~"');
    expect(quoteTmuxArg('a~')).toBe('"a~"');
  });
});

describe('formatLiteral', () => {
  it('doubles # so tmux formats give the text back, and % too where strftime runs first', () => {
    expect(formatLiteral('x#(touch pwned)')).toBe('x##(touch pwned)');
    expect(formatLiteral('#{pid} ## %A ~')).toBe('##{pid} #### %A ~');
    expect(formatLiteral('#{pid} %A', { strftime: true })).toBe('##{pid} %%A');
  });
});

describe('tmuxCommandLine', () => {
  it('quotes every argument but the command name', () => {
    expect(tmuxCommandLine(['capture-pane', '-p', '-t', exactSessionPane('x y')])).toBe(
      'capture-pane "-p" "-t" "=x y:"',
    );
  });

  it('refuses a command name that could smuggle another command', () => {
    expect(() => tmuxCommandLine(['list-panes; kill-server'])).toThrow(/not a tmux command name/);
    expect(() => tmuxCommandLine([])).toThrow(/at least its name/);
  });
});

describe('targets', () => {
  it('match exactly, never by prefix', () => {
    expect(exactSession('-dash')).toBe('=-dash');
    expect(exactSessionPane('pipe', '0.1')).toBe('=pipe:0.1');
  });

  it('refuse a name tmux would read as a session id (=$0 is the session with id $0)', () => {
    expect(() => exactSession('$0')).toThrow(UntargetableSessionError);
    expect(() => exactSessionPane('$(id)')).toThrow(/starting with \$ is read as a session id/);
    expect(targetableByName('a$0')).toBe(true);
    expect(exactSession('a$0')).toBe('=a$0');
  });
});
