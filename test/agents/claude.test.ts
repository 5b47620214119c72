import { claude } from '../helpers/agentLab/agents/claude';
import { describeAgentLab } from './labSuite';

describeAgentLab(claude);
