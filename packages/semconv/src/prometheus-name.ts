import type { MetricDefinition } from './metrics';

/** Units Prometheus spells out as a suffix (prometheus/otlptranslator). */
const UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  min: 'minutes',
  h: 'hours',
  d: 'days',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
};

/** Units after a `/`, spelled in the singular (`By/s` -> `bytes_per_second`). */
const PER_UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const INVALID_NAME_CHARACTERS = /[^a-zA-Z0-9_:]+/g;
const INVALID_LABEL_CHARACTERS = /[^a-zA-Z0-9_]+/g;

function escapeName(value: string): string {
  return value
    .replace(INVALID_NAME_CHARACTERS, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function unitSuffix(unit: string, instrument: MetricDefinition['instrument']): string {
  if (unit === '' || unit.startsWith('{')) return '';
  if (unit === '1') return instrument === 'gauge' ? 'ratio' : '';
  const [numerator = '', denominator] = unit.split('/');
  const parts: string[] = [];
  const cleanNumerator = numerator.replace(/\{[^}]*\}/g, '');
  if (cleanNumerator !== '') parts.push(UNIT_SUFFIXES[cleanNumerator] ?? escapeName(cleanNumerator));
  if (denominator !== undefined && denominator !== '') {
    parts.push('per', PER_UNIT_SUFFIXES[denominator] ?? escapeName(denominator));
  }
  return parts.join('_');
}

/**
 * The series name a metric gets in Prometheus under `UnderscoreEscapingWithSuffixes` (the Collector's
 * `prometheus`/`prometheusremotewrite` exporters and Prometheus 3's OTLP receiver by default): invalid
 * characters become `_`, the unit is spelled out (`s` -> `seconds`), brace units add nothing, unit `1`
 * gauges get `_ratio`, and counters get `_total`.
 */
export function prometheusMetricName(metric: Pick<MetricDefinition, 'name' | 'unit' | 'instrument'>): string {
  let name = escapeName(metric.name);
  const suffix = unitSuffix(metric.unit, metric.instrument);
  if (suffix !== '' && !name.endsWith(`_${suffix}`)) name = `${name}_${suffix}`;
  if (metric.instrument === 'counter' && !name.endsWith('_total')) name = `${name}_total`;
  return name;
}

/** The label name an attribute gets in Prometheus: `gen_ai.token.type` -> `gen_ai_token_type`. */
export function prometheusLabelName(attribute: string): string {
  const escaped = attribute.replace(INVALID_LABEL_CHARACTERS, '_');
  if (/^[0-9]/.test(escaped)) return `key_${escaped}`;
  if (escaped.startsWith('_') && !escaped.startsWith('__')) return `key${escaped}`;
  return escaped;
}
