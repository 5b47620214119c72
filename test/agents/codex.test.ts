import { codex } from '../helpers/agentLab/agents/codex';
import { describeAgentLab } from './labSuite';

describeAgentLab(codex);
