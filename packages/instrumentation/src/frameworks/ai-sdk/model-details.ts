import type { ResponseDetails } from '../../genai/response-details';
import { asCount, asRecord, asString } from '../../internal/readers';
import { outputMessageOf } from './ai-messages';

/**
 * Copies token usage into `details`: the provider's own shape (`inputTokens: { total, cacheRead, cacheWrite }`,
 * `outputTokens: { total, reasoning }`, AI SDK 6 and 7 providers) or the AI SDK's (`inputTokens: number`,
 * `inputTokenDetails`, `outputTokenDetails`). Unknown counts stay unknown, never 0.
 */
export function readAiUsage(usage: unknown, details: ResponseDetails): void {
  const record = asRecord(usage);
  if (record === undefined) return;
  const input = asRecord(record.inputTokens);
  const output = asRecord(record.outputTokens);
  const inputDetails = asRecord(record.inputTokenDetails);
  const outputDetails = asRecord(record.outputTokenDetails);
  const inputTokens = input !== undefined ? asCount(input.total) : asCount(record.inputTokens);
  if (inputTokens !== undefined) details.inputTokens = inputTokens;
  const outputTokens = output !== undefined ? asCount(output.total) : asCount(record.outputTokens);
  if (outputTokens !== undefined) details.outputTokens = outputTokens;
  const cacheRead = asCount(input?.cacheRead) ?? asCount(inputDetails?.cacheReadTokens);
  if (cacheRead !== undefined) details.cacheReadTokens = cacheRead;
  const cacheWrite = asCount(input?.cacheWrite) ?? asCount(inputDetails?.cacheWriteTokens);
  if (cacheWrite !== undefined) details.cacheCreationTokens = cacheWrite;
  const reasoning = asCount(output?.reasoning) ?? asCount(outputDetails?.reasoningTokens);
  if (reasoning !== undefined) details.reasoningTokens = reasoning;
}

/** A unified finish reason in the providers' own spelling (`tool-calls` as `tool_calls`). */
function providerSpelling(unified: string | undefined): string | undefined {
  return unified?.replaceAll('-', '_');
}

/**
 * The raw provider finish reason (`tool_calls`) where the SDK keeps it (AI SDK 7 provider results), else its
 * unified one in the providers' spelling (`tool-calls` as `tool_calls`).
 */
export function finishReasonOf(finishReason: unknown): { raw: string | undefined; unified: string | undefined } {
  if (typeof finishReason === 'string') return { raw: providerSpelling(finishReason), unified: finishReason };
  const record = asRecord(finishReason);
  const unified = asString(record?.unified);
  return { raw: asString(record?.raw) ?? providerSpelling(unified), unified };
}

/** Response id, model, fingerprint and tier from a provider response's metadata (and its raw body, when kept). */
export function readResponseMetadata(response: unknown, details: ResponseDetails): void {
  const record = asRecord(response);
  if (record === undefined) return;
  const id = asString(record.id);
  if (id !== undefined) details.id = id;
  const model = asString(record.modelId);
  if (model !== undefined) details.model = model;
  const body = asRecord(record.body);
  const fingerprint = asString(body?.system_fingerprint);
  if (fingerprint !== undefined) details.systemFingerprint = fingerprint;
  const tier = asString(body?.service_tier);
  if (tier !== undefined) details.serviceTier = tier;
}

/** Everything a provider's `doGenerate` result tells (AI SDK 6 and 7 provider specifications). */
export function detailsOfGenerateResult(result: unknown, captureContent: boolean): ResponseDetails {
  const record = asRecord(result);
  const details: ResponseDetails = {};
  if (record === undefined) return details;
  readAiUsage(record.usage, details);
  readResponseMetadata(record.response, details);
  const finish = finishReasonOf(record.finishReason);
  if (finish.raw !== undefined) details.finishReasons = [finish.raw];
  if (captureContent) details.outputMessages = [outputMessageOf(record.content, finish.unified)];
  return details;
}

/** Accumulates a provider stream's parts (`response-metadata`, content deltas, `finish`, `error`). */
export class StreamPartsRecorder {
  private readonly details: ResponseDetails = {};
  private readonly captureContent: boolean;
  private readonly content: Array<Record<string, unknown>> = [];
  private unifiedFinishReason: string | undefined;
  error: { error: unknown } | undefined;
  finished = false;

  constructor(captureContent: boolean) {
    this.captureContent = captureContent;
  }

  /** Whether a part is model output (the first one marks the time to first chunk). */
  static isOutput(part: unknown): boolean {
    const type = asRecord(part)?.type;
    return (
      type === 'text-delta' ||
      type === 'reasoning-delta' ||
      type === 'tool-input-start' ||
      type === 'tool-call' ||
      type === 'text' ||
      type === 'reasoning'
    );
  }

  observe(part: unknown): void {
    const record = asRecord(part);
    switch (record?.type) {
      case 'response-metadata':
        readResponseMetadata(record, this.details);
        break;
      case 'finish': {
        this.finished = true;
        readAiUsage(record.usage, this.details);
        const finish = finishReasonOf(record.finishReason);
        if (finish.raw !== undefined) this.details.finishReasons = [finish.raw];
        this.unifiedFinishReason = finish.unified;
        break;
      }
      case 'error':
        this.error ??= { error: record.error };
        break;
      case 'text-delta':
        if (this.captureContent) this.appendText('text', record.delta ?? record.textDelta);
        break;
      case 'reasoning-delta':
        if (this.captureContent) this.appendText('reasoning', record.delta);
        break;
      case 'tool-call':
        if (this.captureContent) this.content.push({ ...record });
        break;
      default:
        break;
    }
  }

  private appendText(type: 'text' | 'reasoning', delta: unknown): void {
    if (typeof delta !== 'string') return;
    const last = this.content.at(-1);
    if (last?.type === type) last.text = `${String(last.text ?? '')}${delta}`;
    else this.content.push({ type, text: delta });
  }

  result(): ResponseDetails {
    const details = { ...this.details };
    if (this.captureContent) details.outputMessages = [outputMessageOf(this.content, this.unifiedFinishReason)];
    return details;
  }
}
