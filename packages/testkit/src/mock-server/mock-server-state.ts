import type { MockLlmServerOptions, RecordedRequest, UnknownFieldStyle } from '../types';
import { IdentifierSequence } from './identifier-sequence';
import { PromptCache } from './prompt-cache';
import { ScenarioState } from './scenario-state';
import { UsageLedger } from './usage-ledger';

/** Everything one mock server instance remembers between requests. */
export class MockServerState {
  readonly scenario: ScenarioState;
  readonly ledger = new UsageLedger();
  readonly ids = new IdentifierSequence();
  readonly promptCache = new PromptCache();
  readonly requests: RecordedRequest[] = [];
  readonly latencyMs: number;
  readonly rejectUnknownFields: UnknownFieldStyle | undefined;
  closed = false;
  private readonly pendingPauses = new Set<() => void>();

  constructor(options: MockLlmServerOptions) {
    this.scenario = new ScenarioState(options.scenario);
    this.latencyMs = options.latencyMs ?? 0;
    this.rejectUnknownFields = options.rejectUnknownFields;
  }

  /** Waits the configured latency; returns early when the server closes. */
  pause(): Promise<void> {
    if (this.latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.pendingPauses.delete(release);
        resolve();
      };
      const timer = setTimeout(release, this.latencyMs);
      this.pendingPauses.add(release);
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.ledger.reset();
    this.scenario.reset();
    this.ids.reset();
    this.promptCache.reset();
  }

  markClosed(): void {
    this.closed = true;
    for (const release of [...this.pendingPauses]) release();
  }
}
