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
  /** Ask for usage on streamed chat completions (`DRIFTWATCH_STREAM_USAGE`). Default: true. */
  readonly streamUsage: boolean;
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
  streamUsage: true,
  requirePinnedModels: 'off',
  repeatWindowMillis: 24 * 60 * 60 * 1000,
  maxTrackedTasks: 100_000,
};

/** Options given in code win over the environment, field by field. */
export type DriftwatchSettingsOptions = { readonly [Key in keyof DriftwatchSettings]?: DriftwatchSettings[Key] };

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

/** Resolves the settings: each option given in code, else its variable, else its default. */
export function resolveSettings(options: DriftwatchSettingsOptions = {}): DriftwatchSettings {
  return {
    captureContent: options.captureContent ?? readCaptureContent(),
    contentMaxLength:
      options.contentMaxLength ??
      readPositiveIntegerEnvironment(CONTENT_MAX_LENGTH_ENVIRONMENT, DEFAULT_SETTINGS.contentMaxLength),
    streamUsage: options.streamUsage ?? readBooleanEnvironment(STREAM_USAGE_ENVIRONMENT, DEFAULT_SETTINGS.streamUsage),
    requirePinnedModels: options.requirePinnedModels ?? readRequirePinnedModels(),
    repeatWindowMillis:
      options.repeatWindowMillis ??
      readPositiveIntegerEnvironment(REPEAT_WINDOW_ENVIRONMENT, DEFAULT_SETTINGS.repeatWindowMillis),
    maxTrackedTasks:
      options.maxTrackedTasks ??
      readPositiveIntegerEnvironment(REPEAT_MAX_TASKS_ENVIRONMENT, DEFAULT_SETTINGS.maxTrackedTasks),
  };
}
