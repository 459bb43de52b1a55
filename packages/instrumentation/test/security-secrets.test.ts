import { join } from 'node:path';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRun, runApp } from './helpers/run-app';

/**
 * Each entry: a text as an app would hold it, and the fragments of it that must never appear in anything exported
 * (the secret itself and a distinctive piece of it, so a partly redacted secret also fails).
 */
const CORPUS: Array<{ text: string; never: string[] }> = [
  { text: 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789', never: ['Abcdefghijklmnopqrst'] },
  { text: 'sk-ant-api03-ZyxwvutsrqponmlkjihgfedcbaZYXW', never: ['ZyxwvutsrqponmlkjihgfedcbaZYXW', 'Zyxwvutsrq'] },
  { text: 'AKIAIOSFODNN7EXAMPLE', never: ['IOSFODNN7EXAMPLE'] },
  { text: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', never: ['wJalrXUtnFEMI'] },
  { text: 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB', never: ['1234567890abcdefghij'] },
  { text: 'xoxb-2222222222-3333333333-SlackTokenValue', never: ['3333333333-SlackToken'] },
  { text: 'AIzaSyA1234567890abcdefghijklmnopqrstuv', never: ['SyA1234567890abcdef'] },
  { text: 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ', never: ['51HqLyjWDarjtT1zdp7dc'] },
  { text: 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567', never: ['AbCdEfGhIjKlMnOpQrSt'] },
  {
    text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    never: ['eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N'],
  },
  { text: 'Authorization: Bearer abc123def456ghi789jkl', never: ['abc123def456ghi789'] },
  { text: 'Authorization: Basic dXNlcjpodW50ZXIyaHVudGVyMg==', never: ['dXNlcjpodW50ZXIy'] },
  { text: 'postgres://admin:hunter2hunter2@db.internal:5432/crm', never: ['hunter2hunter2'] },
  { text: 'password: correct-horse-battery', never: ['correct-horse-battery'] },
  {
    text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----',
    never: ['MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn'],
  },
  { text: 'card 4111 1111 1111 1111 exp 12/29', never: ['4111 1111 1111 1111', '4111111111111111'] },
  { text: 'card 5500-0000-0000-0004', never: ['5500-0000-0000-0004'] },
  { text: 'customer CUST-123456 asked', never: ['CUST-123456'] },
];

describe('secrets never leave the process, even with content capture on', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;
  let run: AppRun;

  beforeAll(async () => {
    llm = await startMockLlmServer();
    receiver = await startOtlpReceiver();
    run = await runApp({
      script: join(__dirname, 'fixtures', 'app-secrets.mjs'),
      nodeArguments: ['--import', '@driftwatch/instrumentation/register'],
      env: {
        OPENAI_BASE_URL: llm.url,
        OPENAI_API_KEY: 'sk-live-never-on-a-span-0123456789abcdef',
        ANTHROPIC_BASE_URL: llm.anthropicUrl,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        OTEL_LOG_LEVEL: 'debug',
        SECRET_CORPUS: JSON.stringify(CORPUS.map((entry) => entry.text)),
      },
      timeoutMs: 30_000,
    });
    await receiver.waitFor((current) => current.spans().some((span) => span.name === 'invoke_agent secret-agent'));
  }, 60_000);

  afterAll(async () => {
    await receiver.close();
    await llm.close();
  });

  it('should run the app to the end with content captured', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('done');
    const captured = receiver.spans().filter((span) => span.attributes['gen_ai.input.messages'] !== undefined);
    expect(captured.length).toBeGreaterThanOrEqual(CORPUS.length * 3);
    expect(JSON.stringify(receiver.spans())).toContain('[REDACTED]');
    expect(JSON.stringify(receiver.spans())).toContain('[CUSTOMER]');
  });

  it('should export none of the secrets: not in spans, events, metric labels, logs or the app’s console', () => {
    const exported = JSON.stringify({ spans: receiver.spans(), metrics: receiver.metrics(), logs: receiver.logs() });
    const consoleOutput = run.stdout + run.stderr;
    const leaks = CORPUS.flatMap(({ never }) =>
      never.flatMap((fragment) => [
        ...(exported.includes(fragment)
          ? [
              `exported: ${exported.slice(Math.max(0, exported.indexOf(fragment) - 150), exported.indexOf(fragment) + 40)}`,
            ]
          : []),
        ...(consoleOutput.includes(fragment)
          ? [
              `console: ${consoleOutput.slice(Math.max(0, consoleOutput.indexOf(fragment) - 150), consoleOutput.indexOf(fragment) + 40)}`,
            ]
          : []),
      ]),
    );
    expect(leaks).toEqual([]);
  });

  it('should export neither the API keys nor request headers', () => {
    const exported = JSON.stringify({ spans: receiver.spans(), metrics: receiver.metrics(), logs: receiver.logs() });
    expect(exported.includes('sk-live-never-on-a-span')).toBe(false);
    expect(exported.includes('sk-ant-api03-fixture')).toBe(false);
    const headerAttributes = receiver
      .spans()
      .flatMap((span) => Object.keys(span.attributes))
      .filter((key) => key.includes('header') || key.includes('api_key'));
    expect(headerAttributes).toEqual([]);
  });
});
