import type { ResponseDetails } from '../genai/response-details';
import type { StreamRecorder } from '../genai/stream-observer';
import { asCount, asRecord, asString, type UnknownRecord } from '../internal/readers';
import { anthropicOutputMessage } from './message-content';
import { AnthropicUsageCounts } from './usage';

/** A content block as its events build it (only kept with content capture on). */
interface BlockDraft {
  block: UnknownRecord;
  partialJson: string;
}

function parsedInput(draft: BlockDraft): unknown {
  try {
    return JSON.parse(draft.partialJson);
  } catch {
    return draft.partialJson;
  }
}

/**
 * Reads the events of a streamed Message: id and model from `message_start` (a `fallback` block names the model
 * that finishes it), the stop reason and final usage from `message_delta`, and, with capture on, the content from
 * the block events. The time to first chunk is the first `content_block_delta`: the events before it come before
 * any output.
 */
export class MessageStreamRecorder implements StreamRecorder {
  private readonly captureContent: boolean;
  private readonly usage = new AnthropicUsageCounts();
  private readonly drafts: BlockDraft[] = [];
  private id: string | undefined;
  private model: string | undefined;
  private stopReason: string | undefined;
  private sawStop = false;

  constructor(captureContent: boolean) {
    this.captureContent = captureContent;
  }

  get completed(): boolean {
    return this.sawStop || this.stopReason !== undefined;
  }

  countsAsFirstChunk(event: unknown): boolean {
    return asRecord(event)?.type === 'content_block_delta';
  }

  observe(event: unknown): boolean {
    const record = asRecord(event);
    switch (asString(record?.type)) {
      case 'message_start': {
        const message = asRecord(record?.message);
        this.id ??= asString(message?.id);
        this.model ??= asString(message?.model);
        this.usage.merge(message?.usage, { output: false });
        break;
      }
      case 'content_block_start':
        this.startBlock(record as UnknownRecord);
        break;
      case 'content_block_delta':
        if (this.captureContent) this.addDelta(record as UnknownRecord);
        break;
      case 'message_delta':
        this.stopReason = asString(asRecord(record?.delta)?.stop_reason) ?? this.stopReason;
        this.usage.merge(record?.usage, { output: true });
        break;
      case 'message_stop':
        this.sawStop = true;
        break;
    }
    return true;
  }

  private startBlock(event: UnknownRecord): void {
    const block = asRecord(event.content_block);
    if (block?.type === 'fallback') this.model = asString(asRecord(block.to)?.model) ?? this.model;
    const index = asCount(event.index);
    if (!this.captureContent || block === undefined || index === undefined) return;
    this.drafts[index] = { block: { ...block }, partialJson: '' };
  }

  private addDelta(event: UnknownRecord): void {
    const index = asCount(event.index);
    const draft = index === undefined ? undefined : this.drafts[index];
    const delta = asRecord(event.delta);
    if (draft === undefined || delta === undefined) return;
    const { block } = draft;
    switch (delta.type) {
      case 'text_delta':
        block.text = (asString(block.text) ?? '') + (asString(delta.text) ?? '');
        break;
      case 'thinking_delta':
        block.thinking = (asString(block.thinking) ?? '') + (asString(delta.thinking) ?? '');
        break;
      case 'input_json_delta':
        draft.partialJson += asString(delta.partial_json) ?? '';
        break;
    }
  }

  details(): ResponseDetails {
    const details: ResponseDetails = { id: this.id, model: this.model };
    if (this.stopReason !== undefined) details.finishReasons = [this.stopReason];
    this.usage.applyTo(details);
    if (this.captureContent) {
      const content = this.drafts
        .filter((draft) => draft !== undefined)
        .map((draft) => (draft.partialJson === '' ? draft.block : { ...draft.block, input: parsedInput(draft) }));
      details.outputMessages = [anthropicOutputMessage(content, this.stopReason)];
    }
    return details;
  }
}
