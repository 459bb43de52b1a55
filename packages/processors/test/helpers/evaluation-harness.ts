import {
  attachContent,
  type CallContent,
  type DriftwatchProcessorsOptions,
  type EvaluationInput,
  type EvaluationOptions,
  type RequestedFormat,
} from '@driftwatch/processors';
import { type Attributes, type Span, SpanKind } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ProcessorHarness } from './processor-harness';

/** One `gen_ai.evaluation.result` event as exported. */
export interface EvaluationEvent {
  name: unknown;
  score: unknown;
  label: unknown;
  explanation: unknown;
  errorType: unknown;
  responseId: unknown;
  traceId: string | undefined;
  spanId: string | undefined;
}

/** One LLM call as a producer reports it: its request and response attributes, and its content (the contract). */
export interface CallScript {
  content?: CallContent;
  attributes?: Attributes;
  responseAttributes?: Attributes;
  parent?: Span;
}

export const CHAT_ATTRIBUTES: Attributes = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini-2024-07-18',
};

/** A call's content: one user message, and one output message (none when `output` is null). */
export function callContent(user: string, output: string | null, extra: Partial<CallContent> = {}): CallContent {
  return {
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: user }] }],
    outputMessages:
      output === null ? [] : [{ role: 'assistant', parts: [{ type: 'text', content: output }], finish_reason: 'stop' }],
    ...extra,
  };
}

/**
 * A {@link ProcessorHarness} with evaluation on (explanations captured unless told otherwise) and in-memory log
 * records; LLM calls hand their content over through the content channel as the instrumentations do.
 */
export class EvaluationHarness extends ProcessorHarness {
  readonly logExporter: InMemoryLogRecordExporter;
  readonly loggerProvider: LoggerProvider;

  constructor(evaluation: EvaluationOptions = {}, options: DriftwatchProcessorsOptions = {}) {
    const logExporter = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
    });
    super({
      // A generous sync budget, so a cold first call never defers the scores these tests read on spans.
      evaluation: { captureContent: true, loggerProvider, syncBudgetMillis: 1000, ...evaluation },
      ...options,
    });
    this.logExporter = logExporter;
    this.loggerProvider = loggerProvider;
  }

  /** One LLM call with content; returns it as exported. */
  callWith(script: CallScript = {}): ReadableSpan {
    const span = this.start('chat', { ...CHAT_ATTRIBUTES, ...script.attributes }, script.parent, SpanKind.CLIENT);
    const { content } = script;
    if (content !== undefined) attachContent(span, () => ({ call: content }));
    span.setAttributes({ 'gen_ai.response.finish_reasons': ['stop'], ...script.responseAttributes });
    span.end();
    return this.finished(span);
  }

  /** A chat call answering `output` to `user`. */
  chat(user: string, output: string | null, attributes: Attributes = {}, parent?: Span): ReadableSpan {
    return this.callWith({ content: callContent(user, output), attributes, parent });
  }

  /** Waits for the async evaluations, then returns every evaluation event. */
  async events(): Promise<EvaluationEvent[]> {
    await this.flush();
    return this.logExporter
      .getFinishedLogRecords()
      .filter((record) => record.eventName === 'gen_ai.evaluation.result')
      .map((record) => ({
        name: record.attributes['gen_ai.evaluation.name'],
        score: record.attributes['gen_ai.evaluation.score.value'],
        label: record.attributes['gen_ai.evaluation.score.label'],
        explanation: record.attributes['gen_ai.evaluation.explanation'],
        errorType: record.attributes['error.type'],
        responseId: record.attributes['gen_ai.response.id'],
        traceId: record.spanContext?.traceId,
        spanId: record.spanContext?.spanId,
      }));
  }

  /** The events of one evaluation. */
  async eventsOf(name: string): Promise<EvaluationEvent[]> {
    return (await this.events()).filter((event) => event.name === name);
  }

  async flush(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.forceFlush()));
  }

  /** `driftwatch.evaluation.dropped` of one evaluation and reason (0 when none). */
  async evaluationDropped(name: string, reason: string): Promise<number> {
    await this.flush();
    const points = await this.points('driftwatch.evaluation.dropped');
    return (
      points.find(
        (point) =>
          point.attributes['gen_ai.evaluation.name'] === name && point.attributes['driftwatch.drop.reason'] === reason,
      )?.value ?? 0
    );
  }

  async scores(): Promise<Array<{ attributes: Record<string, unknown>; count: number; sum: number }>> {
    const points = await this.histogram('driftwatch.evaluation.score');
    return points.map(({ attributes, count, sum }) => ({ attributes, count, sum }));
  }

  override async shutdown(): Promise<void> {
    await super.shutdown();
    await this.loggerProvider.shutdown();
  }
}

/** Every evaluation score attribute of a span, by evaluation name. */
export function scoresOf(span: ReadableSpan): Record<string, unknown> {
  const scores: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    const match = /^driftwatch\.evaluation\.(.+)\.score$/.exec(key);
    if (match?.[1] !== undefined) scores[match[1]] = value;
  }
  return scores;
}

/** An {@link EvaluationInput} for calling an evaluator directly. */
export function fakeInput(fields: {
  target?: EvaluationInput['target'];
  output?: string;
  outputs?: string[];
  input?: Array<{ role: string; text: string }>;
  refusal?: string;
  toolCalls?: Array<{ name: string; arguments: unknown }>;
  format?: RequestedFormat;
  finishReasons?: string[];
  failed?: boolean;
  hasContent?: boolean;
  attributes?: Attributes;
  tool?: { name?: string; arguments?: unknown; result: unknown; hasResultSchema?: boolean };
}): EvaluationInput {
  const texts = fields.outputs ?? (fields.output === undefined || fields.output === '' ? [] : [fields.output]);
  const messages = fields.input ?? [];
  let lastAssistant = -1;
  messages.forEach((message, index) => {
    if (message.role === 'assistant') lastAssistant = index;
  });
  return {
    target: fields.target ?? 'llm',
    attributes: fields.attributes ?? {},
    spanContext: { traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 1 },
    agentName: undefined,
    provider: 'openai',
    requestModel: 'gpt-4o-mini-2024-07-18',
    responseModel: 'gpt-4o-mini-2024-07-18',
    failed: fields.failed ?? false,
    finishReasons: fields.finishReasons ?? ['stop'],
    hasContent: fields.hasContent ?? true,
    content: () => ({}),
    inputMessages: () => messages,
    newInputMessages: () => messages.slice(lastAssistant + 1),
    outputText: () => texts.join('\n'),
    outputTexts: () => texts,
    refusal: () => fields.refusal,
    toolCalls: () => fields.toolCalls ?? [],
    requestedFormat: () => fields.format ?? { type: 'text' },
    toolCall: () =>
      fields.tool === undefined
        ? undefined
        : {
            name: fields.tool.name,
            arguments: fields.tool.arguments,
            result: fields.tool.result,
            hasResultSchema: fields.tool.hasResultSchema ?? false,
          },
  };
}
