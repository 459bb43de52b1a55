import { chatOutputMessage } from '../content/chat-messages';
import type { ResponseDetails } from '../genai/response-details';
import type { StreamRecorder } from '../genai/stream-observer';
import { countDropped, warnOnce } from '../internal/guard';
import { asArray, asCount, asRecord, asString } from '../internal/readers';
import { readChatEnvelope } from './chat-envelope';
import type { StreamRecorderOptions } from './operation-adapter';
import { readUsage } from './usage';

interface ToolCallDraft {
  id?: string;
  name: string;
  arguments: string;
}

interface ChoiceDraft {
  role?: string;
  content: string;
  refusal?: string;
  finishReason?: string;
  toolCalls: ToolCallDraft[];
}

/** Accumulates a streamed chat completion: envelope, finish reasons, usage and (with capture) the text. */
export class ChatStreamRecorder implements StreamRecorder {
  private readonly options: StreamRecorderOptions;
  private readonly recorded: ResponseDetails = {};
  private readonly choices: ChoiceDraft[] = [];
  private sawFinish = false;
  private sawUsage = false;

  constructor(options: StreamRecorderOptions) {
    this.options = options;
  }

  get completed(): boolean {
    return this.sawFinish;
  }

  observe(chunk: unknown): boolean {
    const record = asRecord(chunk);
    if (record === undefined) return true;
    readChatEnvelope(record, this.recorded);
    const choices = asArray(record.choices);
    if (record.usage !== undefined && record.usage !== null) {
      this.sawUsage = true;
      readUsage(record.usage, this.recorded);
    }
    if (this.options.hideInjectedUsage) {
      if (record.usage === null) delete record.usage;
      else if (record.usage !== undefined && choices !== undefined && choices.length === 0) return false;
    }
    for (const item of choices ?? []) this.observeChoice(asRecord(item));
    return true;
  }

  private observeChoice(choice: Record<string, unknown> | undefined): void {
    if (choice === undefined) return;
    const index = asCount(choice.index) ?? 0;
    let draft = this.choices[index];
    if (draft === undefined) {
      draft = { content: '', toolCalls: [] };
      this.choices[index] = draft;
    }
    const finishReason = asString(choice.finish_reason);
    if (finishReason !== undefined) {
      draft.finishReason = finishReason;
      this.sawFinish = true;
    }
    if (!this.options.captureContent) return;
    const delta = asRecord(choice.delta);
    if (delta === undefined) return;
    draft.role ??= asString(delta.role);
    const content = asString(delta.content);
    if (content !== undefined) draft.content += content;
    const refusal = asString(delta.refusal);
    if (refusal !== undefined) draft.refusal = (draft.refusal ?? '') + refusal;
    for (const item of asArray(delta.tool_calls) ?? []) {
      const call = asRecord(item);
      if (call === undefined) continue;
      const callIndex = asCount(call.index) ?? draft.toolCalls.length;
      const fn = asRecord(call.function);
      let toolCall = draft.toolCalls[callIndex];
      if (toolCall === undefined) {
        toolCall = { name: '', arguments: '' };
        draft.toolCalls[callIndex] = toolCall;
      }
      toolCall.id ??= asString(call.id);
      toolCall.name += asString(fn?.name) ?? '';
      toolCall.arguments += asString(fn?.arguments) ?? '';
    }
  }

  details(): ResponseDetails {
    if (!this.sawUsage) countMissingUsage(this.options.warnWithoutUsage);
    const details: ResponseDetails = { ...this.recorded };
    const finishReasons: string[] = [];
    for (const draft of this.choices) {
      if (draft?.finishReason !== undefined) finishReasons.push(draft.finishReason);
    }
    details.finishReasons = finishReasons;
    if (this.options.captureContent) {
      details.outputMessages = this.choices
        .filter((draft): draft is ChoiceDraft => draft !== undefined)
        .map((draft) =>
          chatOutputMessage({
            role: draft.role,
            content: draft.content,
            refusal: draft.refusal,
            toolCalls: draft.toolCalls
              .filter((call) => call !== undefined)
              .map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.arguments },
              })),
            finishReason: draft.finishReason,
          }),
        );
    }
    return details;
  }
}

/** A stream without usage is recorded without token counts (never estimated), counted and reported once. */
function countMissingUsage(warn: boolean): void {
  countDropped('openai.chat.stream', 'usage_missing');
  if (!warn) return;
  warnOnce(
    'openai.chat.stream.usage_missing',
    'a streamed chat completion ended without token usage: it is recorded without token counts and counted in ' +
      'driftwatch.telemetry.dropped (reason usage_missing). Driftwatch asks for stream usage only where the ' +
      'endpoint is known to accept stream_options; set DRIFTWATCH_STREAM_USAGE=always if yours does',
  );
}
