/**
 * Credential shapes by kind, one source for the `secret_leakage` evaluator and for the instrumentation's redaction
 * of captured content: provider API keys (OpenAI, Anthropic, Stripe, Google, Groq, xAI, Twilio, Hugging Face), AWS access key ids,
 * GitHub and Slack tokens, JWTs, PEM private key headers. Patterns have no capture groups of their own.
 */
export const CREDENTIAL_SHAPES: ReadonlyArray<readonly [kind: string, pattern: string]> = [
  ['private key', `-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----`],
  ['openai or anthropic key', String.raw`\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`],
  ['stripe key', String.raw`\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}`],
  ['aws access key', String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`],
  ['github token', String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})`],
  ['slack token', String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`],
  ['google api key', String.raw`\bAIza[0-9A-Za-z_-]{35}`],
  ['groq key', String.raw`\bgsk_[A-Za-z0-9]{20,}`],
  ['xai key', String.raw`\bxai-[A-Za-z0-9]{20,}`],
  ['twilio key', String.raw`\bSK[0-9a-fA-F]{32}\b`],
  ['hugging face token', String.raw`\bhf_[A-Za-z0-9]{30,}`],
  ['jwt', String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`],
];

/** Whether a digit string passes the Luhn check every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}
