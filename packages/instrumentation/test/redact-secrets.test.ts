import { redactSecrets, setRedactionHook } from '@driftwatch/instrumentation';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';

describe('redactSecrets', () => {
  afterEach(() => setRedactionHook(undefined));

  it.each([
    ['OpenAI key', 'use sk-proj-Abcdefghijklmnopqrstuvwxyz0123 now', 'use [REDACTED] now'],
    ['Anthropic key', 'sk-ant-api03-ZyxwvutsrqponmlkjihgfedcbaZYXW', '[REDACTED]'],
    ['Stripe key', 'key sk_live_51HqLyjWDarjtT1zdp7dcXYZ.', 'key [REDACTED].'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE', '[REDACTED]'],
    ['AWS secret assignment', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key=[REDACTED]'],
    ['uppercase env assignment', 'DB_PASSWORD = "s3cr3tpass"', 'DB_PASSWORD = "[REDACTED]"'],
    ['JSON field', '{"api_key": "abcdef123456", "n": 1}', '{"api_key": "[REDACTED]", "n": 1}'],
    ['chained keys', 'secret: password: correct-horse-battery', 'secret: [REDACTED]'],
    ['secret key after an ordinary one', 'note: password: correct-horse-battery', 'note: password: [REDACTED]'],
    ['key word before a bearer token', 'secret: Authorization: Bearer abc123def456ghi789', 'secret: [REDACTED]'],
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
    ['Groq key', 'gsk_' + 'a1'.repeat(26), '[REDACTED]'],
    ['xAI key', 'xai-' + 'Ab3'.repeat(20), '[REDACTED]'],
    ['Twilio API key', 'SK' + '0123456789abcdef'.repeat(2), '[REDACTED]'],
    ['OpenRouter key', `sk-or-v1-${'0a'.repeat(32)}`, '[REDACTED]'],
    [
      'key glued to the text before it',
      `${'x'.repeat(58)}sk-ant-api03-GLUEDabcdefghijklmnopqrst`,
      `${'x'.repeat(58)}[REDACTED]`,
    ],
    ['JWT cut after its payload', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '[REDACTED]'],
    ['Authorization: Token', 'Authorization: Token ghTokenVALUE12345678', 'Authorization: [REDACTED]'],
    [
      'Authorization in JSON, other scheme',
      '{"Authorization":"ApiKey abcdefgh12345678"}',
      '{"Authorization":"[REDACTED]"}',
    ],
    ['x-api-key header', 'x-api-key: 0123456789abcdef0123456789abcdef', 'x-api-key: [REDACTED]'],
    ['api-key header (Azure)', 'api-key: 0123456789abcdef0123456789abcdef', 'api-key: [REDACTED]'],
    [
      'query key=',
      'GET https://proxy/v1?key=0123456789abcdef0123456789abcdef&x=1',
      'GET https://proxy/v1?key=[REDACTED]&x=1',
    ],
    ['query api-key=', 'https://h/v1?api-key=abc123&x=1', 'https://h/v1?api-key=[REDACTED]&x=1'],
    ['query apikey=', 'https://h/v1?APIKEY=abc123', 'https://h/v1?APIKEY=[REDACTED]'],
    [
      'Azure SAS sig=',
      'https://a.blob.core.windows.net/c/b?sv=2022-11-02&sig=AbC%2Bd%3D',
      'https://a.blob.core.windows.net/c/b?sv=2022-11-02&sig=[REDACTED]',
    ],
    [
      'Azure Functions code=',
      'https://fn.azurewebsites.net/api/x?code=AbCdEf==',
      'https://fn.azurewebsites.net/api/x?code=[REDACTED]',
    ],
    ['query token=', 'https://h/ws?token=abc&room=1', 'https://h/ws?token=[REDACTED]&room=1'],
    ['query access_token=', 'https://h/cb#x?access_token=ya.b.c', 'https://h/cb#x?access_token=[REDACTED]'],
    [
      'AccountKey in a connection string',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED];EndpointSuffix=core.windows.net',
    ],
    [
      'token as a URL user',
      'git clone https://MyPATtokenValue123456@dev.azure.com/org',
      'git clone https://[REDACTED]@dev.azure.com/org',
    ],
    [
      'Slack webhook',
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'https://hooks.slack.com/services/[REDACTED]',
    ],
    ['password in prose', 'the password is hunter2', 'the password is [REDACTED]'],
    ['password in prose, letters only', 'my password was swordfish', 'my password was [REDACTED]'],
    [
      'password right after the word',
      'connect with password hunter2hunter2 please',
      'connect with password [REDACTED] please',
    ],
    ['short password assignment', 'password=abc12', 'password=[REDACTED]'],
    ['key after a key word', 'subscription key 0123456789abcdef0123456789abcdef', 'subscription key [REDACTED]'],
    ['token after a key word', 'session Token Zm9vYmFyYmF6cXV4 here', 'session Token [REDACTED] here'],
    ['scheme-like token in prose', 'found Token tok_live_ABCDEFGHIJKLMNOP', 'found Token [REDACTED]'],
  ])('should redact a %s', (_kind, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    ['a number that fails Luhn', 'order 4111 1111 1111 1112 shipped'],
    ['a phone number', 'call +1 415 555 0100'],
    ['a short assignment', 'token=abc'],
    ['plain prose', 'The password policy requires twelve characters.'],
    ['unicode', 'Grüße, 你好, مرحبا, 🙂'],
    ['a password sentence', 'Your password is required to continue.'],
    ['another password sentence', 'The password is too short.'],
    ['token counters', '{"max_tokens": 4096, "input_tokens": 1234567, "token_count": 123456789}'],
    ['an author', 'author: William Shakespeare'],
    ['a model name', 'model gpt-4o-mini-2024-07-18 answered'],
    ['a request id (UUID)', 'request id 550e8400-e29b-41d4-a716-446655440000 failed'],
    ['a trace id', 'trace 0af7651916cd43dd8448eb211c80319c'],
    ['an ordinary key', 'primary key: customer_id'],
    ['an ordinary URL', 'See https://example.com/docs?page=2&lang=en'],
    ['an SSH address', 'ssh git@github.com:org/repo'],
    ['a tokenizer', 'Use the tokenizer cl100k_base'],
    ['a sentence about keys', 'The API key rotation happens monthly.'],
    ['words ending in sk-', 'the risk-assessment-procedure-document-v2 and task-abcdefghijklmnopqrstuvwxyz'],
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
    const logged: string[] = [];
    const record = (message: string, ...rest: unknown[]) => {
      logged.push([message, ...rest.map((item) => (item instanceof Error ? item.message : String(item)))].join(' '));
    };
    diag.setLogger({ error: record, warn: record, info: record, debug: record, verbose: record }, DiagLogLevel.ALL);
    setRedactionHook((text) => {
      throw new Error(`hook bug on ${text}`);
    });
    expect(redactSecrets('CUST-123456 anything')).toBe('[REDACTION FAILED]');
    diag.disable();
    // Said once, without the text the hook was given.
    expect(logged.join('\n')).toContain('redaction');
    expect(logged.join('\n')).not.toContain('CUST-123456');
    setRedactionHook(() => 42 as unknown as string);
    expect(redactSecrets('CUST-123456 anything')).toBe('[REDACTION FAILED]');
  });
});
