import type { CallContent, RequestedFormat, SpanContent } from '../../content-contract';
import type { ContentRecord } from '../content-channel';
import type { ContentMessage } from '../types';
import { type CallOutput, EMPTY_OUTPUT, inputMessagesOf, outputOf, textOf } from './call-content';

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

/** One call's (or run's) content, read from the contract on first use and then remembered. */
export class CallView {
  readonly record: ContentRecord | undefined;
  private input: ContentMessage[] | undefined;
  private output: CallOutput | undefined;

  constructor(record: ContentRecord | undefined) {
    this.record = record;
  }

  private content(): SpanContent {
    return this.record?.read() ?? {};
  }

  private call(): CallContent | undefined {
    return this.content().call;
  }

  inputMessages(): ContentMessage[] {
    if (this.input === undefined) {
      const { run, call } = this.content();
      if (run !== undefined) this.input = [{ role: 'user', text: runText(run.input) }];
      else this.input = call === undefined ? [] : inputMessagesOf(call);
    }
    return this.input;
  }

  callOutput(): CallOutput {
    if (this.output === undefined) {
      const { run, call } = this.content();
      if (run !== undefined) {
        const text = runText(run.output);
        this.output = { ...EMPTY_OUTPUT, text, texts: text === '' ? [] : [text] };
      } else this.output = call === undefined ? EMPTY_OUTPUT : outputOf(call);
    }
    return this.output;
  }

  requestedFormat(): RequestedFormat | undefined {
    return this.call()?.requestedFormat;
  }
}
