/**
 * Words that, as a word of a property, parameter or variable name, say its value is a credential: `password`,
 * `apiKey`, `x-api-key`, `Authorization`, `sessionCookie`, `client_secret`, `AWS_ACCESS_KEY`. Names are split at
 * separators and camel-case humps, so `author` or `tokenizer` are not secret names.
 */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'passcode',
  'secret',
  'secrets',
  'token',
  'auth',
  'authorization',
  'cookie',
  'cookies',
  'session',
  'credential',
  'credentials',
  'apikey',
  'privatekey',
  'accesskey',
  'accountkey',
  'signingkey',
  'sessionid',
]);

/** Two adjacent words that together are a secret word (`api` + `key`). */
const SECRET_PAIRS: ReadonlySet<string> = new Set(['apikey', 'privatekey', 'accesskey', 'accountkey', 'signingkey']);

/** Secret words found inside a name written without separators (`APIKEY`, `dbpassword`, `xapikey`). */
const SECRET_INFIXES = ['password', 'passwd', 'apikey', 'privatekey', 'accesskey', 'clientsecret', 'accesstoken'];

/**
 * A last word that makes the name a count or a property of a credential rather than one: `token_count`,
 * `password_length`, `token_type`, `session_ttl`. (`max_tokens`, `input_tokens` never match: `tokens` is not a
 * secret word.)
 */
const DESCRIPTIVE_LAST_WORDS: ReadonlySet<string> = new Set([
  'count',
  'counts',
  'limit',
  'limits',
  'usage',
  'length',
  'size',
  'budget',
  'type',
  'types',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'policy',
  'required',
  'enabled',
]);

const PASSWORD_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode']);

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Whether a property or parameter of this name holds a credential, whatever its value looks like. */
export function isSecretName(name: string): boolean {
  if (name.length < 3 || name.length > 128) return false;
  const words = wordsOf(name);
  if (words.length === 0 || DESCRIPTIVE_LAST_WORDS.has(words[words.length - 1] as string)) return false;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (SECRET_WORDS.has(word)) return true;
    if (index > 0 && SECRET_PAIRS.has(`${words[index - 1]}${word}`)) return true;
  }
  const compact = words.join('');
  return SECRET_INFIXES.some((infix) => compact.includes(infix));
}

/** Whether the name is a password's: its value goes even when short (`password=abc12`). */
export function isPasswordName(name: string): boolean {
  return wordsOf(name).some((word) => PASSWORD_WORDS.has(word)) || /pass(?:word|wd)/i.test(name);
}
