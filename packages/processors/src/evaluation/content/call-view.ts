import type { ChannelRecord } from '../content-channel';
import type { ContentMessage, RequestedFormat } from '../types';
import { anthropicInputMessages, anthropicOutput, anthropicRequestedFormat } from './anthropic-content';
import { type CallOutput, EMPTY_OUTPUT, outputOfMessages, textOf } from './call-content';
import {
  chatInputMessages,
  chatOutput,
  chatRequestedFormat,
  responsesInputMessages,
  responsesOutput,
  responsesRequestedFormat,
} from './openai-content';

function readInputMessages(record: ChannelRecord): ContentMessage[] {
  switch (record.api) {
    case 'openai.chat_completions':
      return chatInputMessages(record.request);
    case 'openai.responses':
      return responsesInputMessages(record.request);
    case 'anthropic.messages':
      return anthropicInputMessages(record.request);
    default:
      return [];
  }
}

function readOutput(record: ChannelRecord): CallOutput {
  if (record.streamedOutput !== undefined) return outputOfMessages(record.streamedOutput());
  switch (record.api) {
    case 'openai.chat_completions':
      return chatOutput(record.response);
    case 'openai.responses':
      return responsesOutput(record.response);
    case 'anthropic.messages':
      return anthropicOutput(record.response);
    default:
      return EMPTY_OUTPUT;
  }
}

function readRequestedFormat(record: ChannelRecord): RequestedFormat | undefined {
  switch (record.api) {
    case 'openai.chat_completions':
      return chatRequestedFormat(record.request);
    case 'openai.responses':
      return responsesRequestedFormat(record.request);
    case 'anthropic.messages':
      return anthropicRequestedFormat(record.request);
    default:
      return undefined;
  }
}

/** A value handed over as a run's input or output, as text: strings as they are, anything else as JSON. */
function runText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return textOf(value);
  }
}

/** One call's (or run's) content, normalized on first use and then remembered. */
export class CallView {
  readonly record: ChannelRecord | undefined;
  private input: ContentMessage[] | undefined;
  private output: CallOutput | undefined;

  constructor(record: ChannelRecord | undefined) {
    this.record = record;
  }

  inputMessages(): ContentMessage[] {
    if (this.input === undefined) {
      const { record } = this;
      if (record === undefined) this.input = [];
      else if (record.run !== undefined) this.input = [{ role: 'user', text: runText(record.run.input) }];
      else this.input = readInputMessages(record);
    }
    return this.input;
  }

  callOutput(): CallOutput {
    if (this.output === undefined) {
      const { record } = this;
      if (record === undefined) this.output = EMPTY_OUTPUT;
      else if (record.run !== undefined) {
        const text = runText(record.run.output);
        this.output = { ...EMPTY_OUTPUT, text, texts: text === '' ? [] : [text] };
      } else this.output = readOutput(record);
    }
    return this.output;
  }

  requestedFormat(): RequestedFormat | undefined {
    return this.record === undefined ? undefined : readRequestedFormat(this.record);
  }
}
