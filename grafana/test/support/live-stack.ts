// A real Prometheus and Alertmanager on loopback ports, with a webhook receiver that records every notification:
// the live path app -> Prometheus (scrape, rules) -> Alertmanager -> webhook.
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { jsExporterRelabelConfigs } from '../../src/scrape-relabel.ts';
import { type RunningProcess, startProcess } from './child-processes.ts';
import { freePort } from './free-port.ts';
import { pollUntil } from './poll.ts';

export interface DeliveredAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** When the webhook received the notification (ms since the epoch). */
  readonly receivedAt: number;
}

export interface LiveStack {
  readonly prometheusUrl: string;
  /** Every alert of every notification the webhook received, in order. */
  readonly delivered: DeliveredAlert[];
  /** Backend output, for failure messages. */
  logs(): string;
  /** An instant or range query against the live Prometheus; returns `data.result`. */
  query(expression: string, range?: { start: number; end: number; stepSeconds: number }): Promise<PrometheusResult[]>;
  stop(): Promise<void>;
}

export interface PrometheusResult {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: Array<[number, string]>;
}

async function startWebhook(delivered: DeliveredAlert[]): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const receivedAt = Date.now();
    try {
      const notification = JSON.parse(body) as { alerts: Array<Omit<DeliveredAlert, 'receivedAt'>> };
      for (const alert of notification.alerts) {
        delivered.push({ status: alert.status, labels: alert.labels, annotations: alert.annotations, receivedAt });
      }
      response.writeHead(200).end();
    } catch {
      response.writeHead(400).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('webhook has no port');
  return { server, url: `http://127.0.0.1:${address.port}/alerts` };
}

async function waitReady(process: RunningProcess, url: string): Promise<void> {
  await pollUntil(
    `${process.name} to be ready at ${url}`,
    async () => {
      if (process.child.exitCode !== null) throw new Error(`${process.name} exited:\n${process.output()}`);
      const response = await fetch(url);
      return response.ok ? true : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
}

/**
 * Starts Alertmanager (every alert its own group, 1 s waits, resolved notifications on) and Prometheus (1 s
 * scrapes and evaluations, the given rule files, the app's exporter-prometheus endpoint as its only target, renamed
 * to the canonical series names, with the target labels the Collector path would promote).
 */
export async function startLiveStack(options: {
  binaries: { prometheus: string; alertmanager: string };
  appTarget: string;
  targetLabels: Record<string, string>;
  ruleFiles: ReadonlyArray<{ name: string; content: string }>;
  /** How often Prometheus scrapes the app and evaluates rule groups without their own interval (default 1s). */
  scrapeInterval?: string;
  /** Renames at scrape time (default: exporter-prometheus's names to the canonical ones; [] for a Collector). */
  metricRelabelConfigs?: unknown[];
}): Promise<LiveStack> {
  const directory = mkdtempSync(join(tmpdir(), 'driftwatch-live-'));
  const delivered: DeliveredAlert[] = [];
  const processes: RunningProcess[] = [];
  const webhook = await startWebhook(delivered);
  const stop = async () => {
    await Promise.all(processes.map((process) => process.stop()));
    webhook.server.closeAllConnections();
    webhook.server.close();
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    const rulesDirectory = join(directory, 'rules');
    mkdirSync(rulesDirectory);
    for (const file of options.ruleFiles) writeFileSync(join(rulesDirectory, file.name), file.content);

    const alertmanagerPort = await freePort();
    writeFileSync(
      join(directory, 'alertmanager.yml'),
      stringify({
        route: {
          receiver: 'webhook',
          group_by: ['...'],
          group_wait: '1s',
          group_interval: '1s',
          repeat_interval: '1h',
        },
        receivers: [{ name: 'webhook', webhook_configs: [{ url: webhook.url, send_resolved: true }] }],
      }),
    );
    const alertmanager = startProcess('alertmanager', options.binaries.alertmanager, [
      `--config.file=${join(directory, 'alertmanager.yml')}`,
      `--storage.path=${join(directory, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ]);
    processes.push(alertmanager);

    const prometheusPort = await freePort();
    writeFileSync(
      join(directory, 'prometheus.yml'),
      stringify({
        global: {
          scrape_interval: options.scrapeInterval ?? '1s',
          scrape_timeout: '1s',
          evaluation_interval: options.scrapeInterval ?? '1s',
        },
        rule_files: [join(rulesDirectory, '*.rules.yml')],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
        scrape_configs: [
          {
            job_name: 'app',
            static_configs: [{ targets: [options.appTarget], labels: options.targetLabels }],
            metric_relabel_configs: options.metricRelabelConfigs ?? jsExporterRelabelConfigs(),
          },
        ],
      }),
    );
    const prometheus = startProcess('prometheus', options.binaries.prometheus, [
      `--config.file=${join(directory, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(directory, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
      '--rules.alert.resend-delay=1s',
      '--log.level=warn',
    ]);
    processes.push(prometheus);

    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    await Promise.all([
      waitReady(alertmanager, `http://127.0.0.1:${alertmanagerPort}/-/ready`),
      waitReady(prometheus, `${prometheusUrl}/-/ready`),
    ]);
    return {
      prometheusUrl,
      delivered,
      logs: () => processes.map((process) => `--- ${process.name}\n${process.output()}`).join('\n'),
      async query(expression, range) {
        const parameters = new URLSearchParams({ query: expression });
        let path = '/api/v1/query';
        if (range !== undefined) {
          path = '/api/v1/query_range';
          parameters.set('start', String(range.start));
          parameters.set('end', String(range.end));
          parameters.set('step', String(range.stepSeconds));
        }
        const response = await fetch(`${prometheusUrl}${path}`, { method: 'POST', body: parameters });
        const body = (await response.json()) as {
          status: string;
          error?: string;
          data: { result: PrometheusResult[] };
        };
        if (body.status !== 'success') throw new Error(`${expression}: ${body.error}`);
        return body.data.result;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
