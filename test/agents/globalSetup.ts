/** The live lab's set-up: the pinned agent CLIs, installed once into the cache dir. */
import { installAll } from '../helpers/agentLab/install';

export async function setup(): Promise<void> {
  await installAll((line) => process.stderr.write(`agent lab: ${line}\n`));
}
