import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import { PRICE_TABLE_ENVIRONMENT, readPriceTablePath } from '../internal/environment';
import type { ModelEntry, ModelTableFile } from '../types';
import { ModelTable, type ModelTableData } from './model-table';

/**
 * The bundled table, shipped in the package's `data` folder (beside `dist` and `src`): one or two folders up from
 * this code, which runs from `src/model-table`, a built entry in `dist` or a built chunk in `dist/chunks`.
 */
export const BUNDLED_MODEL_TABLE_PATH =
  [join(__dirname, '..', 'data', 'models.json'), join(__dirname, '..', '..', 'data', 'models.json')].find(existsSync) ??
  join(__dirname, '..', '..', 'data', 'models.json');

const PRICE_FIELDS = ['input', 'output', 'cache_read', 'cache_write', 'reasoning'] as const;
const TOKEN_FIELDS = ['context_window', 'max_output_tokens'] as const;
const TEXT_FIELDS = ['provider', 'effective_date', 'source'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reason `entry` is not a usable model entry, or undefined when it is. */
function entryProblem(entry: Record<string, unknown>): string | undefined {
  for (const field of PRICE_FIELDS) {
    const value = entry[field];
    const required = field === 'input' || field === 'output';
    if (value === undefined && !required) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `${field} must be a price (a non-negative number), got ${JSON.stringify(value)}`;
    }
  }
  for (const field of TOKEN_FIELDS) {
    const value = entry[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)) {
      return `${field} must be a positive integer, got ${JSON.stringify(value)}`;
    }
  }
  for (const field of TEXT_FIELDS) {
    const value = entry[field];
    if (value !== undefined && typeof value !== 'string') return `${field} must be a string`;
  }
  return undefined;
}

/** Merges `file` over `base`; throws an Error that says what is wrong when the file or the result is invalid. */
export function mergeModelTable(base: ModelTableData, file: unknown): ModelTableData {
  if (!isRecord(file)) throw new Error('a model table must be a JSON object');
  const { version, models, aliases } = file as Record<string, unknown>;
  if (version !== undefined && typeof version !== 'string') throw new Error('version must be a string');
  if (models !== undefined && !isRecord(models)) throw new Error('models must be an object');
  if (aliases !== undefined && !isRecord(aliases)) throw new Error('aliases must be an object');
  const mergedModels = new Map(base.models);
  const mergedAliases = new Map(base.aliases);
  for (const [name, value] of Object.entries(models ?? {})) {
    if (!isRecord(value)) throw new Error(`models["${name}"] must be an object`);
    const merged: Record<string, unknown> = { ...mergedModels.get(name), ...value };
    const problem = entryProblem(merged);
    if (problem !== undefined) throw new Error(`models["${name}"]: ${problem}`);
    mergedModels.set(name, merged as unknown as ModelEntry);
    mergedAliases.delete(name);
  }
  for (const [alias, target] of Object.entries(aliases ?? {})) {
    if (typeof target !== 'string') throw new Error(`aliases["${alias}"] must be a model name`);
    mergedAliases.set(alias, target);
    mergedModels.delete(alias);
  }
  for (const [alias, target] of mergedAliases) {
    if (!mergedModels.has(target)) throw new Error(`aliases["${alias}"] points to "${target}", which is not in models`);
  }
  return { version: version ?? base.version, models: mergedModels, aliases: mergedAliases };
}

const EMPTY_TABLE: ModelTableData = { version: 'empty', models: new Map(), aliases: new Map() };

function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Merges one override over `base`; an invalid override is reported through `diag` and leaves `base` unchanged. */
function withOverride(base: ModelTableData, override: () => unknown, origin: string): ModelTableData {
  try {
    return mergeModelTable(base, override());
  } catch (error) {
    diag.error(
      `@driftwatch/processors: ${origin} is not a usable model table (${error instanceof Error ? error.message : String(error)}); ` +
        'prices and context windows come from the table without it',
    );
    return base;
  }
}

export interface LoadModelTableOptions {
  /** Merged over the bundled table and the environment's file. */
  prices?: ModelTableFile;
  /** Read `DRIFTWATCH_PRICE_TABLE`. Default: true. */
  readEnvironment?: boolean;
}

/**
 * The bundled model table (`data/models.json`), with the JSON file named by `DRIFTWATCH_PRICE_TABLE` merged
 * over it, then `prices`. Never throws: a missing or invalid override is reported once through `diag` and left
 * out (the bundled table stays in force), and should the bundled file itself be unreadable every model is unknown.
 */
export function loadModelTable(options: LoadModelTableOptions = {}): ModelTable {
  let data = withOverride(EMPTY_TABLE, () => readJsonFile(BUNDLED_MODEL_TABLE_PATH), 'the bundled data/models.json');
  const path = options.readEnvironment === false ? undefined : readPriceTablePath();
  if (path !== undefined) data = withOverride(data, () => readJsonFile(path), `${PRICE_TABLE_ENVIRONMENT}=${path}`);
  const { prices } = options;
  if (prices !== undefined) data = withOverride(data, () => prices, 'the prices option');
  return new ModelTable(data);
}

let defaultTable: ModelTable | undefined;

/** The bundled table with `DRIFTWATCH_PRICE_TABLE` merged over it, loaded once, on first use. */
export function defaultModelTable(): ModelTable {
  defaultTable ??= loadModelTable();
  return defaultTable;
}
