/**
 * Which agent a pane runs, from its processes, hints and title (pure part:
 * the /proc reading is covered by the integration test).
 */
import { describe, expect, it } from 'vitest';
import {
  agentOfArgv,
  identifyAgent,
  type PaneView,
} from '../../../../../main/core/agents/identify';
import { RuleSet } from '../../../../../main/core/status/rules/ruleSet';

const manifests = new RuleSet().agents();
const of = (...argv: string[]): string | null => agentOfArgv(argv, manifests);
const view = (overrides: Partial<PaneView>): PaneView => ({
  processes: [],
  option: '',
  title: '',
  currentCommand: '',
  ...overrides,
});

describe('agentOfArgv', () => {
  it('native binaries by name, wherever they live', () => {
    expect(of('claude')).toBe('claude');
    expect(of('/home/u/.local/bin/claude', '--resume')).toBe('claude');
    expect(of('/usr/lib/node_modules/@openai/codex/vendor/x86_64/codex/codex')).toBe('codex');
    expect(of('opencode')).toBe('opencode');
    expect(of('cursor-agent')).toBe('cursor-agent');
  });

  it('node scripts named for the agent or inside its package', () => {
    expect(of('node', '/usr/local/bin/gemini')).toBe('gemini');
    expect(of('node', '/usr/lib/node_modules/@google/gemini-cli/dist/index.js')).toBe('gemini');
    expect(of('node', '--no-warnings', '/opt/bin/qwen')).toBe('qwen');
    expect(of('node', '/usr/lib/node_modules/@github/copilot/index.js')).toBe('copilot');
    expect(of('/usr/bin/node', '/home/u/.npm-global/bin/cline')).toBe('cline');
    expect(of('node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js')).toBe('claude');
    expect(of('node', '/usr/lib/node_modules/@openai/codex/bin/codex.js')).toBe('codex');
  });

  it('python agents', () => {
    expect(of('/usr/bin/python3', '/home/u/.local/bin/aider', '--model', 'x')).toBe('aider');
    expect(of('python3.12', '-m', 'aider')).toBe('aider');
    expect(of('/home/u/.local/share/uv/tools/kimi-cli/bin/python', '/home/u/.local/bin/kimi')).toBe(
      'kimi',
    );
  });

  it('wrappers: npx, npm exec, pnpm dlx, uvx, env', () => {
    expect(of('npx', '-y', '@google/gemini-cli@0.61.0')).toBe('gemini');
    expect(of('npm', 'exec', '@openai/codex')).toBe('codex');
    expect(of('pnpm', 'dlx', 'opencode-ai@latest')).toBe('opencode');
    expect(of('uvx', 'aider-chat')).toBe('aider');
    expect(of('env', 'FOO=1', 'claude')).toBe('claude');
  });

  it('names elsewhere in the arguments do not count', () => {
    expect(of('bash', 'claude-prompt.sh')).toBeNull();
    expect(of('python3', 'server.py', 'claude')).toBeNull();
    expect(of('vim', 'codex.md')).toBeNull();
    expect(of('node', 'build.js', '--target', 'gemini')).toBeNull();
    expect(of('grep', 'codex')).toBeNull();
    expect(of()).toBeNull();
  });
});

describe('identifyAgent', () => {
  it('the nearest process of the pane that runs an agent', () => {
    const identity = identifyAgent(
      view({
        processes: [
          { pid: 10, argv: ['-bash'] },
          { pid: 11, argv: ['node', '/usr/local/bin/gemini'] },
          { pid: 12, argv: ['/usr/bin/codex', 'mcp'] },
        ],
      }),
      manifests,
    );
    expect(identity).toMatchObject({ agent: 'gemini', via: 'process' });
    expect(identity.detail).toBe('process 11 runs node /usr/local/bin/gemini');
  });

  it('an explicit hint wins: LOOPWATCH_AGENT first, then the tmux option', () => {
    const processes = [
      { pid: 10, argv: ['bash', 'wrapper.sh'], hint: 'codex' },
      { pid: 11, argv: ['claude'] },
    ];
    expect(identifyAgent(view({ processes, option: 'gemini' }), manifests)).toMatchObject({
      agent: 'codex',
      via: 'hint',
      detail: 'LOOPWATCH_AGENT=codex in the environment of process 10',
    });
    expect(
      identifyAgent(
        view({ processes: [{ pid: 10, argv: ['bash'] }], option: 'gemini' }),
        manifests,
      ),
    ).toMatchObject({ agent: 'gemini', via: 'option' });
  });

  it('a hint naming no known agent is said, and the processes decide', () => {
    const identity = identifyAgent(
      view({ processes: [{ pid: 10, argv: ['claude'], hint: 'nosuch' }] }),
      manifests,
    );
    expect(identity.agent).toBe('claude');
    expect(identity.detail).toMatch(/LOOPWATCH_AGENT=nosuch names no known agent/);
  });

  it('the title, for titles only one agent sets, when the processes say nothing', () => {
    expect(
      identifyAgent(
        view({ processes: [{ pid: 1, argv: ['ssh', 'box'] }], title: '◇  Ready (repo)' }),
        manifests,
      ),
    ).toMatchObject({ agent: 'gemini', via: 'title' });
    // Claude's "✳ " is not unique to it: no agent from the title.
    expect(identifyAgent(view({ title: '✳ Task' }), manifests).agent).toBeNull();
  });

  it("tmux's current command when there is no process tree (no /proc)", () => {
    expect(identifyAgent(view({ currentCommand: 'codex' }), manifests)).toMatchObject({
      agent: 'codex',
      via: 'command',
    });
  });

  it('an unknown program: generic rules only, and the reason says so', () => {
    expect(
      identifyAgent(
        view({ processes: [{ pid: 1, argv: ['htop'] }], currentCommand: 'htop' }),
        manifests,
      ),
    ).toEqual({
      agent: null,
      via: null,
      detail: "no known agent in the pane's processes: generic rules only",
    });
  });
});
