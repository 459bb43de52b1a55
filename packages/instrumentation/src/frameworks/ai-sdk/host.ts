import type { OperationHost } from '../../genai/begin-operation';

/** What the AI SDK bridges need from their instrumentation. */
export interface AISDKHost extends OperationHost {
  /** Whether prompts and completions are recorded (content capture). */
  readonly captureContent: boolean;
}
