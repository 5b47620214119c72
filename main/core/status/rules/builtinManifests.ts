/**
 * The manifests that ship with Loopwatch: JSON files bundled into the build
 * (the same format users put in `<config dir>/agents/`).
 */
import aider from './manifests/aider.json' with { type: 'json' };
import claude from './manifests/claude.json' with { type: 'json' };
import cline from './manifests/cline.json' with { type: 'json' };
import codex from './manifests/codex.json' with { type: 'json' };
import copilot from './manifests/copilot.json' with { type: 'json' };
import cursorAgent from './manifests/cursor-agent.json' with { type: 'json' };
import gemini from './manifests/gemini.json' with { type: 'json' };
import generic from './manifests/generic.json' with { type: 'json' };
import kimi from './manifests/kimi.json' with { type: 'json' };
import opencode from './manifests/opencode.json' with { type: 'json' };
import qwen from './manifests/qwen.json' with { type: 'json' };

/** Raw JSON: validated like a user's file when the rule set is built. */
export const BUILTIN_MANIFESTS: ReadonlyArray<{ file: string; json: unknown }> = [
  { file: 'generic.json', json: generic },
  { file: 'claude.json', json: claude },
  { file: 'codex.json', json: codex },
  { file: 'gemini.json', json: gemini },
  { file: 'opencode.json', json: opencode },
  { file: 'cursor-agent.json', json: cursorAgent },
  { file: 'copilot.json', json: copilot },
  { file: 'cline.json', json: cline },
  { file: 'qwen.json', json: qwen },
  { file: 'kimi.json', json: kimi },
  { file: 'aider.json', json: aider },
];
