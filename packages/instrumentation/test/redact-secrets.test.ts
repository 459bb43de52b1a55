import { redactSecrets, setRedactionHook } from '@driftwatch/instrumentation';
import { afterEach, describe, expect, it } from 'vitest';

describe('redactSecrets', () => {
  afterEach(() => setRedactionHook(undefined));

  it.each([
    ['OpenAI key', 'use sk-proj-Abcdefghijklmnopqrstuvwxyz0123 now', 'use [REDACTED] now'],
    ['Anthropic key', 'sk-ant-api03-ZyxwvutsrqponmlkjihgfedcbaZYXW', '[REDACTED]'],
    ['Stripe key', 'key sk_live_51HqLyjWDarjtT1zdp7dcXYZ.', 'key [REDACTED].'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE', '[REDACTED]'],
    ['AWS secret assignment', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', '[REDACTED]'],
    ['uppercase env assignment', 'DB_PASSWORD = "s3cr3tpass"', '[REDACTED]"'],
    ['JSON field', '{"api_key": "abcdef123456", "n": 1}', '{"[REDACTED]", "n": 1}'],
    ['chained keys', 'secret: password: correct-horse-battery', '[REDACTED]'],
    ['key word before a bearer token', 'secret: Authorization: Bearer abc123def456ghi789', '[REDACTED]'],
    ['bearer token', 'Authorization: Bearer abc123def456ghi789jkl', 'Authorization: [REDACTED]'],
    ['basic credentials', 'Basic dXNlcjpodW50ZXIyaHVudGVyMg==', '[REDACTED]'],
    [
      'password in a URL',
      'postgres://admin:hunter2hunter2@db.internal/crm',
      'postgres://admin:[REDACTED]@db.internal/crm',
    ],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N', '[REDACTED]'],
    ['GitHub token', 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB', '[REDACTED]'],
    ['Slack token', 'xoxb-2222222222-3333333333-SlackTokenValue', '[REDACTED]'],
    ['Google API key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv', '[REDACTED]'],
    [
      'private key',
      'k: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- end',
      'k: [REDACTED] end',
    ],
    ['private key cut short', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '[REDACTED]'],
    ['card number with spaces', 'card 4111 1111 1111 1111 exp 12/29', 'card [REDACTED] exp 12/29'],
    ['card number with dashes', '5500-0000-0000-0004', '[REDACTED]'],
  ])('should redact a %s', (_kind, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    ['a number that fails Luhn', 'order 4111 1111 1111 1112 shipped'],
    ['a phone number', 'call +1 415 555 0100'],
    ['a short assignment', 'token=abc'],
    ['plain prose', 'The password policy requires twelve characters.'],
    ['unicode', 'Grüße, 你好, مرحبا, 🙂'],
  ])('should leave %s alone', (_kind, text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('should stay linear on adversarial input (1 MB each)', () => {
    const inputs = [
      '1234-'.repeat(200_000),
      `password:${'a:'.repeat(500_000)}`,
      'secretsecret_'.repeat(80_000),
      `password${' '.repeat(1_000_000)}:`,
      `http://${'a'.repeat(1_000_000)}:`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      redactSecrets(input);
      // A generous bound: a quadratic pattern takes minutes here, a linear one tens of milliseconds.
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('should apply the user hook after the built-in shapes, and fail closed when it throws', () => {
    setRedactionHook((text) => text.replace(/CUST-\d{6}/g, '[CUSTOMER]'));
    expect(redactSecrets('CUST-123456 sent sk-proj-Abcdefghijklmnopqrstuvwxyz0123')).toBe('[CUSTOMER] sent [REDACTED]');
    setRedactionHook(() => {
      throw new Error('hook bug');
    });
    expect(redactSecrets('CUST-123456 anything')).toBe('[REDACTION FAILED]');
    setRedactionHook(() => 42 as unknown as string);
    expect(redactSecrets('CUST-123456 anything')).toBe('[REDACTION FAILED]');
  });
});
