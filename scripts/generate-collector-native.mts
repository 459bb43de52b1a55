// Generates deploy/otel-collector/native.yaml from Driftwatch's model table (packages/processors/data/models.json):
// a Collector overlay that adds cost, pinning and context fill to GenAI spans in the Collector itself, and the
// metrics Driftwatch's dashboards and alerts read for them, for teams that run neither Driftwatch in-process nor
// the gateway.
//   node scripts/generate-collector-native.mts          writes the file
//   node scripts/generate-collector-native.mts --check  fails when the file is not what the table gives
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO,
  ATTR_DRIFTWATCH_COST_USD,
  ATTR_DRIFTWATCH_MODEL_PINNED,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  METRICS,
} from '@driftwatch/semconv';
import { stringify } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = join(ROOT, 'packages', 'processors', 'data', 'models.json');
const OUTPUT = join(ROOT, 'deploy', 'otel-collector', 'native.yaml');

interface ModelEntry {
  readonly input: number;
  readonly output: number;
  readonly cache_read?: number;
  readonly context_window?: number;
}
interface ModelTable {
  readonly version: string;
  readonly models: Readonly<Record<string, ModelEntry>>;
  readonly aliases: Readonly<Record<string, string>>;
}

const attribute = (name: string) => `attributes["${name}"]`;
const INPUT = attribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS);
const OUTPUT_TOKENS = attribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
const CACHED = attribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS);
const COST = attribute(ATTR_DRIFTWATCH_COST_USD);
const PINNED = attribute(ATTR_DRIFTWATCH_MODEL_PINNED);
const FILL = attribute(ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO);
const REQUEST = attribute(ATTR_GEN_AI_REQUEST_MODEL);
const RESPONSE = attribute(ATTR_GEN_AI_RESPONSE_MODEL);
/** Spans Driftwatch processed in the app carry their own values and metrics already. */
const NOT_DRIFTWATCH = 'not IsMatch(instrumentation_scope.name, "^@driftwatch/")';
const perToken = (pricePerMillion: number) => `${pricePerMillion} / 1000000.0`;

/** The spans of one priced checkpoint: its response model, or its name or an alias requested when none came back. */
function servedBy(checkpoint: string, aliases: readonly string[]): string {
  const requested = [checkpoint, ...aliases].map((name) => `${REQUEST} == "${name}"`).join(' or ');
  return `(${RESPONSE} == "${checkpoint}" or (${RESPONSE} == nil and (${requested})))`;
}

function statements(table: ModelTable): string[] {
  const aliasesOf = (checkpoint: string) =>
    Object.entries(table.aliases)
      .filter(([, target]) => target === checkpoint)
      .map(([alias]) => alias);
  const result: string[] = [];
  for (const [checkpoint, entry] of Object.entries(table.models)) {
    const model = servedBy(checkpoint, aliasesOf(checkpoint));
    const priced = `${NOT_DRIFTWATCH} and ${COST} == nil and ${INPUT} != nil and ${OUTPUT_TOKENS} != nil and ${model}`;
    const output = `Double(${OUTPUT_TOKENS}) * ${perToken(entry.output)}`;
    // Input tokens include the cached ones; those are priced at the cache-read rate.
    const cachedRate = entry.cache_read ?? entry.input;
    result.push(
      `set(${COST}, (Double(${INPUT}) - Double(${CACHED})) * ${perToken(entry.input)} + Double(${CACHED}) * ${perToken(cachedRate)} + ${output}) where ${priced} and ${CACHED} != nil`,
      `set(${COST}, Double(${INPUT}) * ${perToken(entry.input)} + ${output}) where ${priced} and ${CACHED} == nil`,
    );
    if (entry.context_window !== undefined) {
      result.push(
        `set(${FILL}, Double(${INPUT}) / ${entry.context_window}.0) where ${NOT_DRIFTWATCH} and ${FILL} == nil and ${INPUT} != nil and ${model}`,
      );
    }
  }
  // Pinning: a dated checkpoint requested is pinned, a floating alias is not.
  for (const checkpoint of Object.keys(table.models)) {
    result.push(`set(${PINNED}, true) where ${NOT_DRIFTWATCH} and ${PINNED} == nil and ${REQUEST} == "${checkpoint}"`);
  }
  for (const alias of Object.keys(table.aliases)) {
    result.push(`set(${PINNED}, false) where ${NOT_DRIFTWATCH} and ${PINNED} == nil and ${REQUEST} == "${alias}"`);
  }
  return result;
}

function metric(name: string) {
  const found = METRICS.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no metric ${name} in @driftwatch/semconv`);
  return found;
}

function overlay(table: ModelTable): unknown {
  const cost = metric('driftwatch.llm.cost');
  const unpinned = metric('driftwatch.model.unpinned_calls');
  const fill = metric('driftwatch.context.fill_ratio');
  const labels = [
    { key: ATTR_GEN_AI_PROVIDER_NAME, optional: true },
    { key: ATTR_GEN_AI_REQUEST_MODEL, optional: true },
  ];
  return {
    processors: {
      'transform/driftwatch-native': {
        error_mode: 'ignore',
        trace_statements: [{ context: 'span', statements: statements(table) }],
      },
    },
    connectors: {
      'signal_to_metrics/driftwatch-native': {
        spans: [
          {
            name: cost.name,
            description: cost.description,
            unit: cost.unit,
            attributes: labels,
            conditions: [`${NOT_DRIFTWATCH} and ${COST} != nil`],
            sum: { value: `Double(${COST})`, monotonic: true },
          },
          {
            name: unpinned.name,
            description: unpinned.description,
            unit: unpinned.unit,
            attributes: labels,
            conditions: [`${NOT_DRIFTWATCH} and ${PINNED} == false`],
            sum: { value: '1', monotonic: true },
          },
          {
            name: fill.name,
            description: fill.description,
            unit: fill.unit,
            attributes: labels,
            conditions: [`${NOT_DRIFTWATCH} and ${FILL} != nil`],
            histogram: { value: `Double(${FILL})`, buckets: fill.buckets },
          },
        ],
      },
    },
    service: {
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'transform/driftwatch-native', 'tail_sampling', 'batch'],
          exporters: ['otlp_grpc/tempo'],
        },
        'traces/driftwatch-native': {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'transform/driftwatch-native'],
          exporters: ['signal_to_metrics/driftwatch-native'],
        },
        metrics: {
          receivers: ['otlp', 'signal_to_metrics/driftwatch-native'],
          processors: ['memory_limiter', 'transform/promote-resource', 'batch'],
          exporters: ['prometheus'],
        },
      },
    },
  };
}

const table = JSON.parse(readFileSync(TABLE, 'utf8')) as ModelTable;
const header = `# Generated by scripts/generate-collector-native.mts from packages/processors/data/models.json (version
# ${table.version}): do not edit. Collector-native mode, an overlay on config.yaml for teams that run neither Driftwatch
# in the app nor the gateway:
#   otelcol-contrib --config=config.yaml --config=native.yaml
# On GenAI spans (gen_ai.* conventions, e.g. the contrib instrumentations) it sets driftwatch.cost.usd,
# driftwatch.model.pinned and driftwatch.context.fill_ratio from the model table, and derives driftwatch.llm.cost,
# driftwatch.model.unpinned_calls and driftwatch.context.fill_ratio, so the Cost and Drift dashboards and the cost,
# pinning and context alerts work. Spans of Driftwatch's own instrumentation are left alone (their app counted them).
# It cannot do what needs more than one span or memory: run roll-ups (cost, tokens and steps per run, escalations,
# repeats, outcomes), checkpoint-change detection (drift history), quality evaluators; nor normalize other
# conventions (OpenInference, OpenLLMetry). Do not combine it with the gateway, which computes the same metrics.
`;
const text = header + stringify(overlay(table), { lineWidth: 0 });
if (process.argv.includes('--check')) {
  if (readFileSync(OUTPUT, 'utf8') !== text) {
    console.error(`${OUTPUT} is stale: run node scripts/generate-collector-native.mts`);
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT}`);
}
