/**
 * The hosts bench's baseline in a process of its own (its CPU and memory
 * are then its own): `tsx remoteBaselineMain.ts SSH_CONFIG CONTROL_DIR HOST...`.
 * Prints `{"ready": true}` once every host was polled, then one
 * Transition line per status change; ends on SIGTERM after closing its
 * connections.
 */
import { RemoteBaseline } from './remoteBaseline';

const [sshConfig, controlDir, ...hosts] = process.argv.slice(2);
if (!sshConfig || !controlDir || hosts.length === 0) {
  process.stderr.write('usage: remoteBaselineMain.ts SSH_CONFIG CONTROL_DIR HOST...\n');
  process.exit(2);
}
let sent = 0;
const baseline = new RemoteBaseline(hosts, sshConfig, controlDir, (t) => {
  sent++;
  process.stdout.write(`${JSON.stringify(t)}\n`);
});
process.once('SIGTERM', () => {
  void baseline.stop().finally(() => process.exit(0));
});
await baseline.start();
process.stdout.write(`${JSON.stringify({ ready: true, transitions: sent })}\n`);
