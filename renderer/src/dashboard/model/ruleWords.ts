/** The detection rule behind a screen signal, in words for the details pane. */
import type { EvidenceRule } from '../../../../preload/contract';

export function ruleInWords(rule: EvidenceRule): string {
  const rules = `${rule.name} rules ${rule.version}`;
  if (rule.id === null)
    return `No ${rules} rule matched the screen: nothing asked, nothing busy, so idle.`;
  return `Decided by the rule "${rule.id}" (${rules}). \`loopwatch explain\` shows every rule tried.`;
}
