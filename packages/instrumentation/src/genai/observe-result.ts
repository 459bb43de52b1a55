import { reportInternalError, warnOnce } from '../internal/guard';
import { isAPIPromiseLike, observeAPIPromise } from './api-promise-observer';
import type { GenAIOperation } from './genai-operation';
import type { ResponseDetails } from './response-details';
import { instrumentStream, isStreamLike, type StreamRecorder } from './stream-observer';

/** How to read what one SDK call returns: a parsed response, or the chunks of its stream. */
export interface ResultObservation {
  readonly operation: GenAIOperation;
  readonly streaming: boolean;
  /** The response's details; output messages only when `keepContent`. */
  readResponse(data: unknown, keepContent: boolean): ResponseDetails;
  /** A recorder for the stream's chunks that keeps the output text when `keepContent`. */
  createStreamRecorder(keepContent: boolean): StreamRecorder;
}

function onData(data: unknown, observation: ResultObservation): unknown {
  const { operation } = observation;
  try {
    if (observation.streaming && isStreamLike(data)) {
      instrumentStream(data, operation, observation.createStreamRecorder(operation.keepContent));
    } else {
      operation.succeed(observation.readResponse(data, operation.keepContent));
    }
  } catch (error) {
    reportInternalError(`${operation.component}.response`, error);
    operation.succeed({});
  }
  return data;
}

/**
 * Returns the SDK's own promise type (`APIPromise`, with `withResponse()` and `asResponse()`) with the operation
 * attached: the response is read once, by the SDK, when the app awaits it; a stream is instrumented in place.
 * On any internal failure the operation ends and `result` itself is returned.
 */
export function observeResult(result: unknown, observation: ResultObservation): unknown {
  const { operation } = observation;
  const { component } = operation;
  try {
    if (!isAPIPromiseLike(result)) {
      warnOnce(
        `${component}.promise`,
        `${component} returned an unexpected promise type; calls are traced without responses`,
      );
      operation.succeed({});
      return result;
    }
    const observed = result._thenUnwrap((data: unknown) => onData(data, observation));
    observeAPIPromise(observed, operation);
    return observed;
  } catch (error) {
    reportInternalError(`${component}.observe`, error);
    operation.succeed({});
    return result;
  }
}
