import { setup } from './globalSetup';

export default setup;
