// Test variants of a shipped Collector config that change only what a test on one machine must change: where it
// listens and sends (loopback ports instead of compose service names) and how long tail sampling waits (divided by
// a factor, so ten production minutes take ten seconds). `changedPaths` lets a test prove nothing else changed.

/** Milliseconds of a Go duration as the Collector's configs write them (`15m`, `10s`, `500ms`, `1m30s`). */
export function goDurationMillis(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(match[1]) * (units[match[2] as string] as number);
    consumed += match[0].length;
  }
  if (consumed !== text.length || text === '') throw new Error(`not a Go duration: "${text}"`);
  return total;
}

/** The parts of a Collector config that a test variant changes. */
export interface CollectorConfigDocument {
  extensions: { health_check: { endpoint: string } };
  receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  processors: Record<string, Record<string, unknown>>;
  exporters: Record<string, Record<string, unknown>>;
  service: {
    telemetry: { metrics: { readers: Array<{ pull: { exporter: { prometheus: { host: string; port: number } } } }> } };
  };
}

export interface CollectorEndpoints {
  /** host:port for each, on loopback. */
  readonly otlpGrpc: string;
  readonly otlpHttp: string;
  readonly health: string;
  readonly prometheusExporter: string;
  readonly internalTelemetry: string;
  /** Where each exporter with an `endpoint` sends, by exporter name (`otlp_grpc/tempo`: the trace sink). */
  readonly exporters: Readonly<Record<string, string>>;
}

/** A copy of `shipped` listening and sending on the given endpoints, tail sampling's waits divided by `timeFactor`. */
export function deriveTestConfig(
  shipped: CollectorConfigDocument,
  endpoints: CollectorEndpoints,
  timeFactor: number,
): CollectorConfigDocument {
  const config = structuredClone(shipped);
  config.extensions.health_check.endpoint = endpoints.health;
  config.receivers.otlp.protocols.grpc.endpoint = endpoints.otlpGrpc;
  config.receivers.otlp.protocols.http.endpoint = endpoints.otlpHttp;
  if (config.exporters.prometheus !== undefined) config.exporters.prometheus.endpoint = endpoints.prometheusExporter;
  for (const [name, endpoint] of Object.entries(endpoints.exporters)) {
    if (config.exporters[name] === undefined) throw new Error(`the config has no exporter ${name}`);
    config.exporters[name].endpoint = endpoint;
  }
  const [host, port] = endpoints.internalTelemetry.split(':');
  const reader = config.service.telemetry.metrics.readers[0]?.pull.exporter.prometheus;
  if (reader === undefined) throw new Error('the config has no pull reader for its own metrics');
  reader.host = host as string;
  reader.port = Number(port);
  const sampling = config.processors.tail_sampling;
  if (sampling !== undefined) {
    for (const key of ['decision_wait', 'decision_wait_after_root_received']) {
      const wait = sampling[key];
      if (typeof wait === 'string') sampling[key] = `${Math.round(goDurationMillis(wait) / timeFactor)}ms`;
    }
  }
  return config;
}

/** Dotted paths of every leaf that differs between two parsed configs. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) => changedPaths(before[key], after[key], prefix === '' ? key : `${prefix}.${key}`));
}

type ConfigValue = unknown;
const isMap = (value: ConfigValue): value is Record<string, ConfigValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the Collector does with several `--config` files: maps merge key by key, anything else (lists too) is replaced. */
export function mergeCollectorConfigs<T>(base: T, ...overlays: ConfigValue[]): T {
  const merge = (left: ConfigValue, right: ConfigValue): ConfigValue => {
    if (!isMap(left) || !isMap(right)) return structuredClone(right);
    const merged: Record<string, ConfigValue> = structuredClone(left);
    for (const [key, value] of Object.entries(right)) merged[key] = key in merged ? merge(merged[key], value) : value;
    return merged;
  };
  return overlays.reduce<ConfigValue>(merge, base) as T;
}

/**
 * config.yaml with gateway.yaml on loopback: as `deriveTestConfig`, plus the port the gateway replicas send back to,
 * and the replicas listed (`static` resolver) where compose resolves the `gateway` name (`dns` resolver): a DNS name
 * cannot point at two ports of one host.
 */
export function deriveGatewayTestConfig(
  merged: CollectorConfigDocument,
  endpoints: CollectorEndpoints & { readonly fromGateways: string; readonly replicas: readonly string[] },
  timeFactor: number,
): CollectorConfigDocument {
  const config = deriveTestConfig(merged, endpoints, timeFactor);
  const receiver = (config.receivers as Record<string, { protocols: { http: { endpoint: string } } }>)['otlp/gateway'];
  if (receiver === undefined) throw new Error('the config has no otlp/gateway receiver');
  receiver.protocols.http.endpoint = endpoints.fromGateways;
  for (const [name, exporter] of Object.entries(config.exporters)) {
    if (name.startsWith('load_balancing')) exporter.resolver = { static: { hostnames: [...endpoints.replicas] } };
  }
  return config;
}
