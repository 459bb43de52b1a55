// Reading Prometheus text expositions (the Collector's prometheus exporter and its own telemetry) in the live tests.

export interface ExposedSeries {
  readonly name: string;
  /** The label pairs as written, without braces. */
  readonly labels: string;
  readonly value: number;
}

/** The `gen_ai_*` and `driftwatch_*` series of one service (its `service_name` label). */
export function serviceSeries(text: string, serviceName: string): ExposedSeries[] {
  const series: ExposedSeries[] = [];
  for (const line of text.split('\n')) {
    const match = /^((?:gen_ai|driftwatch)_\w+)\{(.*)\} (\S+)/.exec(line);
    if (match === null || !match[2]?.includes(`service_name="${serviceName}"`)) continue;
    series.push({ name: match[1] as string, labels: match[2] as string, value: Number(match[3]) });
  }
  return series;
}

/** The sum of a counter's series (`name` or `name_total`) with the given labels, fetched from `url`. */
export async function counterTotal(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(url)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!new RegExp(`^${name}(_total)?[{ ]`).test(line)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
