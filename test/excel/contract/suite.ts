// Runs the contract scenarios against one host's gateway factory. A host without a capability a
// scenario needs shows that scenario as skipped (never silently passed).
import { describe, it } from 'vitest';
import type { GatewayFactory, Scenario } from './harness';
import { scenarios } from './scenarios';

export type Capability = NonNullable<Scenario['needs']>[number];

export function contractSuite(title: string, factory: GatewayFactory, capabilities: readonly Capability[]): void {
  describe(title, () => {
    for (const s of scenarios) {
      const runnable = (s.needs ?? []).every((n) => capabilities.includes(n));
      (runnable ? it : it.skip)(s.name, () => s.run(factory));
    }
  });
}
