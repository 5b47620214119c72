import { teardown } from './globalSetup';

export default teardown;
