import { startOtlpReceiver } from '@driftwatch/testkit';
import { describe, expect, it } from 'vitest';
import { spawnGateway } from './helpers/gateway-process';
import { linesMatching, refusingHopUrl } from './helpers/next-hop-faults';
import { sendSpanTree } from './helpers/source-app';

describe('driftwatch-gateway telling an operator what it dropped', () => {
  it('says once what was dropped, why, and the metric and labels it is counted under', async () => {
    const receiver = await startOtlpReceiver({ respondWith: (signal) => (signal === 'traces' ? 400 : 200) });
    const gateway = await spawnGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    try {
      const said = new RegExp(
        `^@driftwatch/gateway: dropped 1 span\\(s\\): the next hop ${receiver.url}/v1/traces refused them with HTTP 400 \\(not retried\\)\\. Counted in driftwatch\\.telemetry\\.dropped\\{driftwatch\\.component="gateway\\.export\\.traces", driftwatch\\.drop\\.reason="rejected_400"\\} of service\\.name=driftwatch-gateway; further drops of this kind are counted there, not logged$`,
        'm',
      );
      await sendSpanTree({
        endpoint: gateway.url,
        protocol: 'protobuf',
        scope: 'app',
        plan: { name: 'first', attributes: {} },
      });
      await gateway.waitForOutput(said);
      await sendSpanTree({
        endpoint: gateway.url,
        protocol: 'protobuf',
        scope: 'app',
        plan: { name: 'second', attributes: {} },
      });
      await receiver.waitFor((current) => current.requests.filter((request) => request.status === 400).length === 2);
      expect((await gateway.stop()).code).toBe(0);
      expect(linesMatching(gateway.output(), said)).toHaveLength(1);
      expect(gateway.output()).not.toContain('item(s)');
    } finally {
      await gateway.stop();
      await receiver.close();
    }
  });
});

describe('driftwatch-gateway listening beyond loopback', () => {
  const warning = /anyone who can reach this port can send telemetry.*Set DRIFTWATCH_GATEWAY_TOKEN/;

  it.each([
    { host: '0.0.0.0', token: undefined, warns: 1 },
    { host: '0.0.0.0', token: 's3cret', warns: 0 },
    { host: '127.0.0.1', token: undefined, warns: 0 },
  ])('host $host, token $token: $warns warning line(s) at start-up', async ({ host, token, warns }) => {
    const gateway = await spawnGateway({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: await refusingHopUrl(),
        ...(token === undefined ? {} : { DRIFTWATCH_GATEWAY_TOKEN: token }),
      },
      args: ['--host', host],
    });
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    const { code } = await gateway.stop();
    expect(code).toBe(0);
    expect(linesMatching(gateway.output(), warning)).toHaveLength(warns);
  });
});
