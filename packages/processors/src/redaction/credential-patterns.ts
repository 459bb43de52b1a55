import { CREDENTIAL_SHAPES } from '../evaluation/credentials';

/** Names of URL query parameters whose value is a credential (Azure SAS `sig`, Azure Functions `code`, …). */
const QUERY_PARAMETERS = [
  'key',
  'api[-_]?key',
  'x-api-key',
  'sig',
  'signature',
  'code',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth',
  'password',
  'secret',
  'client_secret',
].join('|');

/** Names of connection-string fields whose value is a credential (`AccountKey=…;`). */
const CONNECTION_STRING_FIELDS = 'AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd';

/**
 * Credential shapes that must never leave the process: the shapes the `secret_leakage` evaluator knows, plus
 * Stripe publishable keys, npm, SendGrid and Google OAuth tokens, JWTs cut after their payload, bearer and basic
 * credentials. One pattern, compiled once; each match is replaced whole. Every alternative starts with a literal,
 * so the engine skips ahead between candidates; the patterns with lookbehinds below run only on texts that can hold
 * what they look for.
 */
export const SECRET_PATTERN = new RegExp(
  [
    ...CREDENTIAL_SHAPES.map(([, pattern]) => pattern),
    String.raw`\bpk_(?:live|test)_[A-Za-z0-9]{16,}`,
    String.raw`\bnpm_[A-Za-z0-9]{36}`,
    String.raw`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`,
    // A JWT cut after its payload still carries the claims; it and the prefixed provider keys are found glued to
    // the text before them too (`xxsk-ant-…`).
    String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}`,
    'sk-(?:ant|proj|svcacct|admin)-[A-Za-z0-9_-]{20,}',
    String.raw`\bya29\.[A-Za-z0-9_-]{20,}`,
    String.raw`\b(?:[Bb]earer|[Bb]asic)\s+[A-Za-z0-9._~+/-]{8,}=*`,
  ].join('|'),
  'g',
);

/** The credential of any `Authorization:` scheme (`Token x`, `ApiKey x`, `Digest …`); for texts naming it. */
export const AUTHORIZATION_PATTERN =
  /(?<=\b(?:[Pp]roxy-)?[Aa]uthorization["']?\s{0,4}[:=]\s{0,4}["']?)[A-Za-z][A-Za-z0-9-]{0,24}\s+[^\s"',;]{4,}/g;

/**
 * Credentials in URLs, for texts holding `://`: the password of `user:password@`, a token as the only user part
 * (`https://TOKEN@host`), and Slack and Discord webhook paths.
 */
export const URL_CREDENTIAL_PATTERN = new RegExp(
  [
    String.raw`(?<=[a-z][a-z0-9+.-]*://[^\s/:@]*:)[^\s/@]+(?=@)`,
    String.raw`(?<=[a-z][a-z0-9+.-]*://)[^\s/:@?#]{1,256}(?=@)`,
    String.raw`(?<=\bhooks\.slack\.com/(?:services|workflows|triggers)/)[A-Za-z0-9_/-]+`,
    String.raw`(?<=\bdiscord(?:app)?\.com/api/webhooks/)[0-9]+/[A-Za-z0-9_-]+`,
  ].join('|'),
  'g',
);

/**
 * Credential query parameters and connection-string fields, whatever the case of their names; for texts holding
 * `=`.
 */
export const NAMED_FIELD_PATTERN = new RegExp(
  String.raw`(?<=[?&;](?:${QUERY_PARAMETERS})=)[^&#\s"'<>]+|(?<=\b(?:${CONNECTION_STRING_FIELDS})=)[^;\s"']+`,
  'gi',
);

/** A PEM private key block, also cut short (no END line): removed first, before any other shape can split it. */
export const PRIVATE_KEY_PATTERN = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** 13 to 19 digits, optionally grouped by spaces or dashes: a card number candidate, kept only when Luhn-valid. */
export const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
