import { qwen } from '../helpers/agentLab/agents/qwen';
import { describeAgentLab } from './labSuite';

describeAgentLab(qwen);
