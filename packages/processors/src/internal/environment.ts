import { diag } from '@opentelemetry/api';
import type { RequirePinnedModels } from '../types';

/** Path of a JSON model table merged over the bundled one (same shape as `data/models.json`). */
export const PRICE_TABLE_ENVIRONMENT = 'DRIFTWATCH_PRICE_TABLE';
/** `off` (default), `warn` or `error`: what to do about calls that name a floating model alias. */
export const REQUIRE_PINNED_MODELS_ENVIRONMENT = 'DRIFTWATCH_REQUIRE_PINNED_MODELS';

const OFF_VALUES = new Set(['', 'off', 'false', '0', 'no', 'none']);

/** Parses a pinning mode; undefined when the text is not one. */
export function parseRequirePinnedModels(raw: string): RequirePinnedModels | undefined {
  const value = raw.trim().toLowerCase();
  if (OFF_VALUES.has(value)) return 'off';
  if (value === 'warn' || value === 'error') return value;
  return undefined;
}

let reportedValue: string | undefined;

/** `DRIFTWATCH_REQUIRE_PINNED_MODELS`, `off` when unset; an unknown value is reported (once) and read as `off`. */
export function readRequirePinnedModels(): RequirePinnedModels {
  const raw = process.env[REQUIRE_PINNED_MODELS_ENVIRONMENT];
  if (raw === undefined) return 'off';
  const mode = parseRequirePinnedModels(raw);
  if (mode !== undefined) return mode;
  if (reportedValue === raw) return 'off';
  reportedValue = raw;
  diag.warn(
    `@driftwatch/processors: ${REQUIRE_PINNED_MODELS_ENVIRONMENT}=${JSON.stringify(raw)} is not off, warn or error; using off`,
  );
  return 'off';
}

/** `DRIFTWATCH_PRICE_TABLE`, or undefined when unset or blank. */
export function readPriceTablePath(): string | undefined {
  const raw = process.env[PRICE_TABLE_ENVIRONMENT]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}
