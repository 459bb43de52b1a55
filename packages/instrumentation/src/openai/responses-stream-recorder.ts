import type { ResponseDetails } from '../genai/response-details';
import type { StreamRecorder } from '../genai/stream-observer';
import { asRecord, asString } from '../internal/readers';
import type { StreamRecorderOptions } from './operation-adapter';
import { readResponseObject } from './response-object';

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Reads a Responses API event stream: the envelope from `response.created`, everything else from the final event. */
export class ResponsesStreamRecorder implements StreamRecorder {
  private readonly options: StreamRecorderOptions;
  private recorded: ResponseDetails = {};
  private sawFinal = false;

  constructor(options: StreamRecorderOptions) {
    this.options = options;
  }

  get completed(): boolean {
    return this.sawFinal;
  }

  observe(event: unknown): boolean {
    const record = asRecord(event);
    const type = asString(record?.type);
    if (record === undefined || type === undefined) return true;
    if (FINAL_EVENTS.has(type)) {
      this.recorded = readResponseObject(record.response, this.options.captureContent);
      this.sawFinal = true;
    } else if (type === 'response.created' && !this.sawFinal) {
      const response = asRecord(record.response);
      this.recorded.id ??= asString(response?.id);
      this.recorded.model ??= asString(response?.model);
    }
    return true;
  }

  details(): ResponseDetails {
    return this.recorded;
  }
}
