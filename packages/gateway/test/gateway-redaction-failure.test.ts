import { startOtlpReceiver } from '@driftwatch/testkit';
import { diag } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { startGateway } from '../src';
import { currentTotal } from './helpers/metric-sums';
import { sendSpanTree } from './helpers/source-app';

/** Content the redactor fails on (standing in for a bug in it): everything else is redacted as usual. */
const BREAKS_THE_REDACTOR = 'this prompt breaks the redactor';

vi.mock('@driftwatch/processors/internal', async (importOriginal) => {
  const original = await importOriginal<typeof import('@driftwatch/processors/internal')>();
  return {
    ...original,
    redactSecrets: (text: string) => {
      if (text.includes(BREAKS_THE_REDACTOR)) throw new RangeError('redactor bug');
      return original.redactSecrets(text);
    },
  };
});

describe('driftwatch-gateway: a span whose content redaction fails', () => {
  it('is forwarded as received, counted in driftwatch.telemetry.dropped and said once', async () => {
    const receiver = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.url);
    const warn = vi.spyOn(diag, 'warn');
    const gateway = await startGateway({ port: 0, metricExportIntervalMillis: 200 });
    try {
      const prompt = `${BREAKS_THE_REDACTOR}; key sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`;
      const send = () =>
        sendSpanTree({
          endpoint: gateway.url,
          protocol: 'protobuf',
          scope: 'opentelemetry.instrumentation.openai.v1',
          plan: {
            name: 'chat gpt-4o-mini',
            attributes: { 'llm.request.type': 'chat', 'gen_ai.prompt.0.content': prompt },
          },
        });
      const [first] = await send();
      await send();
      await receiver.waitFor((current) => current.spans().length === 2);
      const received = receiver.spans().find((span) => span.spanId === first?.spanContext().spanId);
      expect(received?.attributes['gen_ai.prompt.0.content']).toBe(prompt);
      expect(received?.attributes['gen_ai.operation.name']).toBe('chat');
      const failures = () =>
        currentTotal({
          receiver,
          name: 'driftwatch.telemetry.dropped',
          serviceName: 'driftwatch-gateway',
          where: (attributes) =>
            attributes['driftwatch.component'] === 'gateway.redaction' &&
            attributes['driftwatch.drop.reason'] === 'redaction_failed',
        });
      await receiver.waitFor(() => failures() === 2);
      const said = warn.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('gateway.redaction'));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('redacting credentials in their content failed');
      expect(said[0]).not.toContain('sk-proj-');
    } finally {
      await gateway.shutdown();
      await receiver.close();
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    }
  });
});
