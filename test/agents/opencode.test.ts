import { opencode } from '../helpers/agentLab/agents/opencode';
import { describeAgentLab } from './labSuite';

describeAgentLab(opencode);
