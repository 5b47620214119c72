/** Every agent the lab drives, by name. */
import { claude } from './agents/claude';
import { codex } from './agents/codex';
import { copilot } from './agents/copilot';
import { gemini } from './agents/gemini';
import { opencode } from './agents/opencode';
import { qwen } from './agents/qwen';
import type { LabAgentDef } from './agents/types';
import type { LabAgent } from './install';

export const LAB_DEFS: Partial<Record<LabAgent, LabAgentDef>> = {
  claude,
  codex,
  copilot,
  gemini,
  opencode,
  qwen,
};
