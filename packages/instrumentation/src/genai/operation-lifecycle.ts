import type { Attributes, Context } from '@opentelemetry/api';
import type { CallInput } from '../content/call-input';
import { reportInternalError } from '../internal/guard';
import type { GenAIOperation } from './genai-operation';

/** An LLM call about to start: where, with which provider, and its content. */
export interface OperationStart {
  readonly parent: Context;
  readonly providerName: string;
  /** The request's content, built on first use; none for operations without content (embeddings). */
  readonly input: (() => CallInput) | undefined;
  /** The content budget per attribute, or undefined when content capture is off. */
  readonly contentMaxLength: number | undefined;
}

/** What a feature does in one operation: attributes for its span (the sampler sees them), and its events. */
export interface OperationListener {
  readonly attributes?: Attributes;
  /** The span started; the operation is ready. */
  started?(operation: GenAIOperation, start: OperationStart): void;
  /** The first chunk of a stream arrived. */
  firstChunk?(operation: GenAIOperation): void;
  /** The operation ended, after its span did: `error` is undefined on success. */
  ended?(error: unknown): void;
}

/** A feature that takes part in operations: asked at each start, it answers with a listener or nothing. */
export type OperationFeature = (start: OperationStart) => OperationListener | undefined;

const features: OperationFeature[] = [];

/**
 * Subscribes a feature to the lifecycle of every LLM call (start, first chunk, end); once per feature. The core
 * operation publishes these events and knows none of its subscribers (runs, fallbacks, content).
 */
export function subscribeToOperations(feature: OperationFeature): void {
  if (!features.includes(feature)) features.push(feature);
}

/** The listeners of one operation about to start, in subscription order; a feature that throws is left out. */
export function listenersOf(start: OperationStart): OperationListener[] {
  const listeners: OperationListener[] = [];
  for (const feature of features) {
    try {
      const listener = feature(start);
      if (listener !== undefined) listeners.push(listener);
    } catch (error) {
      reportInternalError('operation.start', error);
    }
  }
  return listeners;
}

/** Tells every listener of an event, each guarded. */
export function publish(
  listeners: readonly OperationListener[],
  component: string,
  event: (listener: OperationListener) => void,
): void {
  for (const listener of listeners) {
    try {
      event(listener);
    } catch (error) {
      reportInternalError(`${component}.lifecycle`, error);
    }
  }
}
