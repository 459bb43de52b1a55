import type { FaultName, MockScenario, MockScriptedResponse } from '../types';
import { selectScenarioFault } from './fault-selection';
import { fingerprintFor, resolveCheckpoint } from './model-catalog';

export interface Checkpoint {
  model: string;
  fingerprint: string;
}

/** The scenario in force and the call counter it is evaluated against. */
export class ScenarioState {
  private scenario: MockScenario;
  private callCount = 0;

  constructor(scenario: MockScenario = {}) {
    this.scenario = scenario;
  }

  get calls(): number {
    return this.callCount;
  }

  setScenario(scenario: MockScenario): void {
    this.scenario = scenario;
  }

  reset(): void {
    this.callCount = 0;
  }

  /** Counts a model call and returns its 1-based number. */
  beginCall(): number {
    this.callCount += 1;
    return this.callCount;
  }

  faultFor(options: { callNumber: number; path: string }): FaultName | undefined {
    return selectScenarioFault({
      rules: this.scenario.faults ?? [],
      callNumber: options.callNumber,
      path: options.path,
      seed: this.scenario.seed ?? 1,
    });
  }

  checkpointFor(options: { requestModel: string; callNumber: number }): Checkpoint {
    const resolved = resolveCheckpoint(options.requestModel);
    const swap = this.scenario.checkpointSwap;
    const labelMatches =
      swap !== undefined &&
      (swap.model === undefined || swap.model === options.requestModel || swap.model === resolved);
    if (swap !== undefined && labelMatches && options.callNumber > swap.afterCalls) {
      return { model: swap.toModel, fingerprint: swap.toFingerprint ?? fingerprintFor(swap.toModel) };
    }
    return { model: resolved, fingerprint: fingerprintFor(resolved) };
  }

  /** Extra tokens for this call: (callNumber - 1) times the per-call growth. */
  tokenGrowthFor(callNumber: number): { inputTokens: number; outputTokens: number } {
    const growth = this.scenario.tokenGrowth;
    const steps = Math.max(0, callNumber - 1);
    return {
      inputTokens: steps * (growth?.perCallInputTokens ?? 0),
      outputTokens: steps * (growth?.perCallOutputTokens ?? 0),
    };
  }

  /** The first scripted answer whose `match` is in the user's text and whose `model` (if any) answers this call. */
  scriptedResponseFor(lastUserText: string, answeringModel: string): MockScriptedResponse | undefined {
    return this.scenario.responses?.find(
      (entry) =>
        (entry.match === undefined || lastUserText.includes(entry.match)) &&
        (entry.model === undefined || entry.model === answeringModel),
    );
  }
}
