import type { CallAwaitingContent, LateContentEvaluation } from '@driftwatch/processors/internal';
import { describe, expect, it } from 'vitest';
import { AwaitingContent } from '../src/process/awaiting-content';
import type { SpanMessages } from '../src/process/pending-content';

const QUESTION: SpanMessages = {
  input: [{ role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }],
  output: undefined,
};
const ANSWER: SpanMessages = {
  input: undefined,
  output: [{ role: 'assistant', parts: [{ type: 'text', content: 'On its way.' }], finish_reason: 'stop' }],
};

/** The calls' source: records what it was asked to evaluate. */
function source() {
  const evaluated: Array<{ spanId: string; inputs: number; outputs: number }> = [];
  const evaluation = {
    evaluate(call: CallAwaitingContent, content: { call?: { inputMessages: unknown[]; outputMessages: unknown[] } }) {
      evaluated.push({
        spanId: call.spanContext.spanId,
        inputs: content.call?.inputMessages.length ?? 0,
        outputs: content.call?.outputMessages.length ?? 0,
      });
    },
  } as unknown as LateContentEvaluation;
  return { evaluation, evaluated };
}

function callOf(spanId: string, failed = false): CallAwaitingContent {
  return {
    spanContext: { traceId: 'a'.repeat(32), spanId, traceFlags: 1 },
    attributes: {},
    agentName: undefined,
    evaluators: ['prompt_injection'],
    failed,
  };
}

describe('AwaitingContent: calls whose span came before their logged content', () => {
  const setUp = (maxCalls = 10) => {
    const drops: string[] = [];
    const awaiting = new AwaitingContent({
      maxCalls,
      maxAgeMillis: 60_000,
      maxSettled: 10,
      onDropped: (reason) => drops.push(reason),
    });
    return { awaiting, drops, ...source() };
  };

  it('counts content for a call pushed out by newer ones as awaiting_capacity, once per call', () => {
    const { awaiting, drops, evaluation, evaluated } = setUp(2);
    for (const spanId of ['s1', 's2', 's3'])
      awaiting.remember(spanId, { evaluation, call: callOf(spanId), messages: undefined }, 0);
    expect(awaiting.size).toBe(2);
    expect(awaiting.receive('s1', QUESTION)).toBe(true);
    expect(awaiting.receive('s1', ANSWER)).toBe(true);
    expect(drops).toEqual(['awaiting_capacity']);
    expect(awaiting.receive('s3', ANSWER)).toBe(true);
    expect(evaluated).toEqual([{ spanId: 's3', inputs: 0, outputs: 1 }]);
  });

  it('counts a pushed-out call that had part of its content at once', () => {
    const { awaiting, drops, evaluation } = setUp(1);
    awaiting.remember('s1', { evaluation, call: callOf('s1'), messages: QUESTION }, 0);
    awaiting.remember('s2', { evaluation, call: callOf('s2'), messages: undefined }, 0);
    expect(drops).toEqual(['awaiting_capacity']);
    // Its answer, coming after, is not counted again.
    expect(awaiting.receive('s1', ANSWER)).toBe(true);
    expect(drops).toEqual(['awaiting_capacity']);
  });

  it('evaluates a failed call on its input, which has no answer to wait for', () => {
    const { awaiting, evaluation, evaluated } = setUp();
    awaiting.remember('s1', { evaluation, call: callOf('s1', true), messages: undefined }, 0);
    awaiting.receive('s1', QUESTION);
    expect(evaluated).toEqual([{ spanId: 's1', inputs: 1, outputs: 0 }]);
  });

  it('counts a straggling choice after the evaluation as late_content, and knows nothing of other spans', () => {
    const { awaiting, drops, evaluation, evaluated } = setUp();
    awaiting.remember('s1', { evaluation, call: callOf('s1'), messages: QUESTION }, 0);
    awaiting.receive('s1', ANSWER);
    awaiting.receive('s1', ANSWER);
    expect(evaluated).toEqual([{ spanId: 's1', inputs: 1, outputs: 1 }]);
    expect(drops).toEqual(['late_content']);
    expect(awaiting.receive('unknown', ANSWER)).toBe(false);
  });

  it('counts the calls still holding part of their content as incomplete when the gateway stops', () => {
    const { awaiting, drops, evaluation } = setUp();
    awaiting.remember('s1', { evaluation, call: callOf('s1'), messages: QUESTION }, 0);
    awaiting.remember('s2', { evaluation, call: callOf('s2'), messages: undefined }, 0);
    awaiting.close();
    expect(drops).toEqual(['incomplete_content']);
    expect(awaiting.size).toBe(0);
  });
});
