/**
 * Whether an OpenAI-compatible endpoint is known to accept `stream_options.include_usage`. Driftwatch adds the field
 * only where it is: other providers answer an unknown field with an error (Azure OpenAI before api-version
 * 2024-09-01-preview: 400 `Unrecognized request argument supplied: stream_options`; Mistral: 422 `Extra inputs are
 * not permitted`; older vLLM and several proxies: "Unknown parameter"), and an app must never fail because of us.
 */

/** The OpenAI API itself (and its data-residency hosts such as `eu.api.openai.com`). */
const OPENAI_API_HOST = 'api.openai.com';
const AZURE_HOST_SUFFIXES = ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'];
/** `stream_options` arrived in Azure OpenAI's 2024-09-01-preview and in the GA api-version 2024-10-21. */
const FIRST_AZURE_PREVIEW_WITH_STREAM_USAGE = '2024-09-01';
const FIRST_AZURE_GA_WITH_STREAM_USAGE = '2024-10-21';
/** The api-version values of Azure's versionless v1 API (`…/openai/v1/`), which follows the OpenAI API. */
const AZURE_V1_VERSIONS = new Set(['v1', 'preview', 'latest']);

/** The client fields read: `baseURL`, `AzureOpenAI#apiVersion`, and the `api-version` default query. */
interface ClientShape {
  baseURL?: unknown;
  apiVersion?: unknown;
  _options?: { defaultQuery?: Record<string, unknown> };
}

function apiVersionOf(client: ClientShape): string | undefined {
  const version = client._options?.defaultQuery?.['api-version'] ?? client.apiVersion;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

/** True for an Azure OpenAI api-version that accepts `stream_options` (`2024-10-21`, `2024-12-01-preview`…). */
export function azureApiVersionAcceptsStreamUsage(version: string): boolean {
  const normalized = version.trim().toLowerCase();
  if (AZURE_V1_VERSIONS.has(normalized)) return true;
  const match = /^(\d{4}-\d{2}-\d{2})(-preview)?$/.exec(normalized);
  if (match === null) return false;
  const [, date, preview] = match as unknown as [string, string, string | undefined];
  return date >= (preview === undefined ? FIRST_AZURE_GA_WITH_STREAM_USAGE : FIRST_AZURE_PREVIEW_WITH_STREAM_USAGE);
}

/** Whether `client` (an `OpenAI` or `AzureOpenAI` instance) talks to an endpoint that accepts stream usage. */
export function clientAcceptsStreamUsage(client: unknown): boolean {
  if (typeof client !== 'object' || client === null) return false;
  const shape = client as ClientShape;
  let url: URL;
  try {
    url = new URL(String(shape.baseURL));
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  const version = apiVersionOf(shape);
  // An `AzureOpenAI` client (it always has an api-version), or an `OpenAI` client pointed at an Azure resource.
  const azure = typeof shape.apiVersion === 'string' || AZURE_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix));
  if (azure) {
    if (version !== undefined) return azureApiVersionAcceptsStreamUsage(version);
    return /\/openai\/v1\/?$/.test(url.pathname);
  }
  return host === OPENAI_API_HOST || host.endsWith(`.${OPENAI_API_HOST}`);
}
