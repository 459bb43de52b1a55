/** The part of the Standard Schema v1 interface (zod 4, valibot, arktype…) that validating needs. */
export interface StandardSchemaLike {
  readonly '~standard': {
    readonly version: 1;
    readonly validate: (value: unknown) => StandardResult | Promise<StandardResult>;
  };
}

interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

type StandardResult =
  | { readonly value: unknown; readonly issues?: undefined }
  | { readonly issues: readonly StandardIssue[] };

const MAX_ISSUES = 5;
const MAX_ISSUE_LENGTH = 160;

export function isStandardSchema(value: unknown): value is StandardSchemaLike {
  const standard = (value as { '~standard'?: { validate?: unknown } } | null)?.['~standard'];
  return typeof standard?.validate === 'function';
}

function pathOf(issue: StandardIssue): string {
  let path = '$';
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return path;
}

import { redactSecrets } from '../content/redact-secrets';

/**
 * Issues as `$.owner.id: expected string…`, at most a few, each bounded (a message is redacted before it is cut, so
 * no part of a credential survives the cut). The schema library's message goes with
 * the path only when `withMessages` (content capture on): valibot's and arktype's messages quote the value that
 * failed (`Invalid UUID: Received "…"`), which is the tool's data; without it each issue is `$.owner.id: invalid`.
 */
export function describeIssues(issues: readonly StandardIssue[], withMessages: boolean): string[] {
  return issues
    .slice(0, MAX_ISSUES)
    .map((issue) =>
      withMessages
        ? `${pathOf(issue)}: ${redactSecrets(String(issue.message))}`.slice(0, MAX_ISSUE_LENGTH)
        : `${pathOf(issue)}: invalid`,
    );
}

/** The validation's issues (empty when valid), synchronously when the schema is synchronous. */
export function validateWith(
  schema: StandardSchemaLike,
  value: unknown,
  withMessages: boolean,
): string[] | Promise<string[]> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise)
    return result.then((settled) => (settled.issues ? describeIssues(settled.issues, withMessages) : []));
  return result.issues ? describeIssues(result.issues, withMessages) : [];
}
