import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanOptions,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { runOf } from '../../agent/run-context';
import { AgentRun } from '../../agent/trace-agent';
import { parseJsonText } from '../../content/message-parts';
import { reportInternalError } from '../../internal/guard';
import { asArray, asString, type UnknownRecord } from '../../internal/readers';
import { startFrameworkRun, startFrameworkTool } from '../shared/framework-calls';
import type { AISDKHost } from './host';
import { ModelCall, modelCallOf } from './model-call';
import { ModelCallSpan, PassthroughSpan, RunSpan, ToolSpan } from './v6-spans';

/** What the patched call told about itself (AI SDK 6 telemetry spans carry no prompt unless inputs are recorded). */
export interface V6CallInfo {
  readonly functionId: string | undefined;
  readonly prompt: unknown;
}

function settingsOf(attributes: UnknownRecord): UnknownRecord {
  return {
    maxOutputTokens: attributes['gen_ai.request.max_tokens'],
    temperature: attributes['gen_ai.request.temperature'],
    topP: attributes['gen_ai.request.top_p'],
    topK: attributes['gen_ai.request.top_k'],
    frequencyPenalty: attributes['gen_ai.request.frequency_penalty'],
    presencePenalty: attributes['gen_ai.request.presence_penalty'],
    stopSequences: attributes['gen_ai.request.stop_sequences'],
  };
}

/**
 * The tracer Driftwatch hands AI SDK 6 (through `experimental_telemetry.tracer`, which the SDK has used for its
 * own `ai.*` spans since version 3): it translates those spans into the conventions' tree instead of recording
 * them. The SDK runs each model call and tool execution inside its span's context, which is Driftwatch's here.
 */
export class V6TranslatingTracer implements Tracer {
  private readonly host: AISDKHost;
  private readonly info: V6CallInfo;

  constructor(host: AISDKHost, info: V6CallInfo) {
    this.host = host;
    this.info = info;
  }

  startSpan(_name: string, _options?: SpanOptions, ctx: Context = context.active()): Span {
    return new PassthroughSpan(trace.getSpanContext(ctx) ?? INVALID_SPAN_CONTEXT);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args.at(-1) as F;
    const options = args.length >= 2 ? (args[0] as SpanOptions | undefined) : undefined;
    const parent = args.length >= 3 ? (args[1] as Context) : context.active();
    let translated: { span: Span; context: Context } | undefined;
    try {
      translated = this.translate(name, { ...options?.attributes }, parent);
    } catch (error) {
      reportInternalError('ai_sdk.v6', error);
    }
    translated ??= { span: new PassthroughSpan(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT), context: parent };
    const { span } = translated;
    if (options?.attributes !== undefined) span.setAttributes(options.attributes);
    return context.with(translated.context, () => fn(span)) as ReturnType<F>;
  }

  private translate(name: string, attributes: UnknownRecord, parent: Context): { span: Span; context: Context } {
    const passthrough = {
      span: new PassthroughSpan(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT),
      context: parent,
    };
    if (!this.host.isEnabled()) return passthrough;
    if (name === 'ai.generateText' || name === 'ai.streamText')
      return this.run(name, attributes, parent) ?? passthrough;
    if (name.endsWith('.doGenerate') || name.endsWith('.doStream')) {
      if (name.startsWith('ai.embed')) return passthrough;
      const call = ModelCall.start(this.host, parent, {
        provider: attributes['ai.model.provider'],
        modelId: attributes['ai.model.id'],
        streaming: name.endsWith('.doStream'),
        settings: settingsOf(attributes),
        outputType: name.startsWith('ai.generateObject') || name.startsWith('ai.streamObject') ? 'json' : undefined,
        messages: parseJsonText(attributes['ai.prompt.messages']),
        tools: asArray(attributes['ai.prompt.tools'])?.map(parseJsonText),
      });
      return call === undefined ? passthrough : { span: new ModelCallSpan(call), context: call.context };
    }
    if (name === 'ai.toolCall') {
      const toolName = asString(attributes['ai.toolCall.name']) ?? 'tool';
      const callId = asString(attributes['ai.toolCall.id']);
      // `streamText` runs tools while its model call's stream is read: they are siblings of that call, not children.
      const toolParent = modelCallOf(parent)?.parentContext ?? parent;
      const started = startFrameworkTool(
        {
          name: toolName,
          ...(callId !== undefined ? { callId } : {}),
          arguments: parseJsonText(attributes['ai.toolCall.args']),
        },
        toolParent,
      );
      return { span: new ToolSpan(started.call), context: started.context };
    }
    return passthrough;
  }

  /** The run of a `generateText`/`streamText` call; none for an unnamed call inside the app's own agent run. */
  private run(name: string, attributes: UnknownRecord, parent: Context): { span: Span; context: Context } | undefined {
    const functionId = asString(attributes['ai.telemetry.functionId']) ?? this.info.functionId;
    if (functionId === undefined && runOf(parent) instanceof AgentRun) return undefined;
    const prompt = this.info.prompt;
    const started = startFrameworkRun(
      {
        name: functionId ?? name.replace(/^ai\./, ''),
        ...(typeof prompt === 'string' && prompt !== '' ? { task: prompt } : {}),
      },
      parent,
    );
    return { span: new RunSpan(started.run), context: started.context };
  }
}
