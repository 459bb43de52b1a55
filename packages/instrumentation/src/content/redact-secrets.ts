/**
 * Credential shapes that must never leave the process, even when content capture is on: OpenAI, Anthropic and
 * other provider keys, AWS access key ids, GitHub and Slack tokens, Google API keys, bearer tokens and
 * `password=`-style assignments. One pattern, compiled once.
 */
const SECRET_PATTERN = new RegExp(
  [
    String.raw`\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`,
    String.raw`\bAKIA[0-9A-Z]{16}\b`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{30,}`,
    String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`,
    String.raw`\bAIza[0-9A-Za-z_-]{35}`,
    String.raw`\b[Bb]earer\s+[A-Za-z0-9._~+/-]{8,}=*`,
    String.raw`\b(?:api[_-]?key|password|passwd|secret|token)\s*[:=]\s*["']?[^\s"',;]{6,}`,
  ].join('|'),
  'g',
);

export const REDACTED = '[REDACTED]';

/** The text with every credential-shaped substring replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, REDACTED);
}
