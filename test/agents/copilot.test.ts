import { copilot } from '../helpers/agentLab/agents/copilot';
import { describeAgentLab } from './labSuite';

describeAgentLab(copilot);
