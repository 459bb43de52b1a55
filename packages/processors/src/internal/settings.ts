import { diag } from '@opentelemetry/api';
import type { RequirePinnedModels } from '../types';
import { readRequirePinnedModels } from './environment';

/** The conventions' switch for content: prompts, completions and tool values on spans, explanations on events. */
export const CAPTURE_CONTENT_ENVIRONMENT = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
export const CONTENT_MAX_LENGTH_ENVIRONMENT = 'DRIFTWATCH_CONTENT_MAX_LENGTH';
export const STREAM_USAGE_ENVIRONMENT = 'DRIFTWATCH_STREAM_USAGE';
export const REPEAT_WINDOW_ENVIRONMENT = 'DRIFTWATCH_REPEAT_WINDOW_MS';
export const REPEAT_MAX_TASKS_ENVIRONMENT = 'DRIFTWATCH_REPEAT_MAX_TASKS';

/** Driftwatch's settings shared by its packages, every default applied: read once, then only fields are read. */
export interface DriftwatchSettings {
  /** Content capture (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`). Default: false. */
  readonly captureContent: boolean;
  /** Longest captured content attribute, in characters (`DRIFTWATCH_CONTENT_MAX_LENGTH`). Default: 16384. */
  readonly contentMaxLength: number;
  /**
   * When to add `stream_options.include_usage` to a streamed chat completion that did not ask for it
   * (`DRIFTWATCH_STREAM_USAGE`): `auto` (default) only where the endpoint is known to accept the field, `always`,
   * `never`.
   */
  readonly streamUsage: StreamUsageMode;
  /** What to do about floating model aliases (`DRIFTWATCH_REQUIRE_PINNED_MODELS`). Default: `off`. */
  readonly requirePinnedModels: RequirePinnedModels;
  /** How long a completed task makes a new run a repeat, ms (`DRIFTWATCH_REPEAT_WINDOW_MS`). Default: 24 h. */
  readonly repeatWindowMillis: number;
  /** Most completed tasks remembered (`DRIFTWATCH_REPEAT_MAX_TASKS`). Default: 100000. */
  readonly maxTrackedTasks: number;
}

/** Every default, in one place. */
export const DEFAULT_SETTINGS: DriftwatchSettings = {
  captureContent: false,
  contentMaxLength: 16384,
  streamUsage: 'auto',
  requirePinnedModels: 'off',
  repeatWindowMillis: 24 * 60 * 60 * 1000,
  maxTrackedTasks: 100_000,
};

/** Options given in code win over the environment, field by field. */
export type DriftwatchSettingsOptions = {
  readonly [Key in keyof DriftwatchSettings]?: Key extends 'streamUsage'
    ? boolean | StreamUsageMode
    : DriftwatchSettings[Key];
};

/**
 * When Driftwatch adds `stream_options.include_usage` to a streamed chat completion that did not ask for it:
 * `auto` only where the endpoint is known to accept the field (the OpenAI API; Azure OpenAI at an api-version that
 * has it), `always` on every endpoint, `never` nowhere.
 */
export type StreamUsageMode = 'auto' | 'always' | 'never';

/**
 * `true` (the former default) keeps meaning the default, `auto`: reading it as `always` would send the field to
 * providers that reject it. `false` is `never`.
 */
const STREAM_USAGE_MODES: Readonly<Record<string, StreamUsageMode>> = {
  auto: 'auto',
  true: 'auto',
  on: 'auto',
  yes: 'auto',
  1: 'auto',
  always: 'always',
  never: 'never',
  false: 'never',
  off: 'never',
  no: 'never',
  0: 'never',
};

/** A stream-usage option given in code (a mode, or the former boolean), as a mode. */
export function streamUsageModeOf(value: boolean | StreamUsageMode | undefined): StreamUsageMode | undefined {
  return value === undefined ? undefined : STREAM_USAGE_MODES[String(value)];
}

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on', 'span_only', 'span_and_event']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off', 'no_content', 'event_only']);

/**
 * The one reading of a boolean variable: true or false for the words that say so (the conventions' capture modes
 * included), undefined when unset or blank, null when it is not a boolean.
 */
export function parseBoolean(raw: string | undefined): boolean | null | undefined {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return null;
}

const reported = new Set<string>();

function warnInvalid(name: string, raw: string, kind: string, fallback: unknown): void {
  const key = `${name}=${raw}`;
  if (reported.has(key)) return;
  reported.add(key);
  try {
    diag.warn(`@driftwatch: ${name}=${JSON.stringify(raw)} is not ${kind}; using ${String(fallback)}`);
  } catch {
    // diag loggers are user code.
  }
}

/** A boolean variable; unset or blank reads as `fallback`, anything else not a boolean is reported once. */
export function readBooleanEnvironment(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  const value = parseBoolean(raw);
  if (value === null) warnInvalid(name, raw ?? '', 'a boolean', fallback);
  return value ?? fallback;
}

/** A positive integer variable; unset or blank reads as `fallback`, anything else invalid is reported once. */
export function readPositiveIntegerEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  warnInvalid(name, raw, 'a positive integer', fallback);
  return fallback;
}

/** `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`, else the default (off). */
export function readCaptureContent(): boolean {
  return readBooleanEnvironment(CAPTURE_CONTENT_ENVIRONMENT, DEFAULT_SETTINGS.captureContent);
}

/** `DRIFTWATCH_STREAM_USAGE`: `auto` (default), `always`, `never`; `true`/`false` as aliases of `auto`/`never`. */
function readStreamUsageEnvironment(): StreamUsageMode {
  const raw = process.env[STREAM_USAGE_ENVIRONMENT];
  if (raw === undefined || raw.trim() === '') return DEFAULT_SETTINGS.streamUsage;
  const mode = STREAM_USAGE_MODES[raw.trim().toLowerCase()];
  if (mode === undefined)
    warnInvalid(STREAM_USAGE_ENVIRONMENT, raw, 'auto, always or never', DEFAULT_SETTINGS.streamUsage);
  return mode ?? DEFAULT_SETTINGS.streamUsage;
}

/** Resolves the settings: each option given in code, else its variable, else its default. */
export function resolveSettings(options: DriftwatchSettingsOptions = {}): DriftwatchSettings {
  return {
    captureContent: options.captureContent ?? readCaptureContent(),
    contentMaxLength:
      options.contentMaxLength ??
      readPositiveIntegerEnvironment(CONTENT_MAX_LENGTH_ENVIRONMENT, DEFAULT_SETTINGS.contentMaxLength),
    streamUsage: streamUsageModeOf(options.streamUsage) ?? readStreamUsageEnvironment(),
    requirePinnedModels: options.requirePinnedModels ?? readRequirePinnedModels(),
    repeatWindowMillis:
      options.repeatWindowMillis ??
      readPositiveIntegerEnvironment(REPEAT_WINDOW_ENVIRONMENT, DEFAULT_SETTINGS.repeatWindowMillis),
    maxTrackedTasks:
      options.maxTrackedTasks ??
      readPositiveIntegerEnvironment(REPEAT_MAX_TASKS_ENVIRONMENT, DEFAULT_SETTINGS.maxTrackedTasks),
  };
}
