import { gemini } from '../helpers/agentLab/agents/gemini';
import { describeAgentLab } from './labSuite';

describeAgentLab(gemini);
