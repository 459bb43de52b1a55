import {
  ATTR_DRIFTWATCH_MCP_SERVER_NAME,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ERROR_TYPE_VALUE_TIMEOUT,
  MCP_METHOD_NAME_VALUE_TOOLS_CALL,
  NETWORK_TRANSPORT_VALUE_PIPE,
  NETWORK_TRANSPORT_VALUE_TCP,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import { serverAddressOf } from '../../genai/server-address';
import { asRecord, asString } from '../../internal/readers';

/** The MCP SDK's `ErrorCode.RequestTimeout`: the client stopped waiting for the answer. */
const REQUEST_TIMEOUT_CODE = -32001;
/** The same in SDK 2 (`@modelcontextprotocol/client`): `SdkErrorCode.RequestTimeout`. */
const REQUEST_TIMEOUT_SDK_CODE = 'REQUEST_TIMEOUT';

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** `network.transport` of an MCP transport object: `pipe` for stdio, `tcp` for the HTTP and WebSocket ones. */
function transportKind(transport: unknown): string | undefined {
  const transportClass = asRecord(transport)?.constructor;
  const name = typeof transportClass === 'function' ? transportClass.name : '';
  if (/stdio/i.test(name)) return NETWORK_TRANSPORT_VALUE_PIPE;
  if (/http|sse|websocket/i.test(name)) return NETWORK_TRANSPORT_VALUE_TCP;
  return undefined;
}

/** The MCP conventions' attributes of a client's `tools/call`: method, transport, server, session. */
export function clientCallAttributes(client: unknown): Attributes {
  const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: MCP_METHOD_NAME_VALUE_TOOLS_CALL };
  const record = asRecord(client);
  const transport = safely(() => record?.transport);
  const kind = transportKind(transport);
  if (kind !== undefined) attributes[ATTR_NETWORK_TRANSPORT] = kind;
  const transportRecord = asRecord(transport);
  const url = safely(() => transportRecord?._url);
  const server = serverAddressOf(url instanceof URL ? url.href : url);
  if (server !== undefined) {
    attributes[ATTR_SERVER_ADDRESS] = server.address;
    attributes[ATTR_SERVER_PORT] = server.port;
  }
  const sessionId = asString(safely(() => transportRecord?.sessionId));
  if (sessionId !== undefined) attributes[ATTR_MCP_SESSION_ID] = sessionId;
  const protocolVersion = asString(safely(() => transportRecord?.protocolVersion));
  if (protocolVersion !== undefined) attributes[ATTR_MCP_PROTOCOL_VERSION] = protocolVersion;
  const getServerVersion = record?.getServerVersion;
  if (typeof getServerVersion === 'function') {
    const serverName = asString(asRecord(safely(() => getServerVersion.call(client)))?.name);
    if (serverName !== undefined) attributes[ATTR_DRIFTWATCH_MCP_SERVER_NAME] = serverName;
  }
  return attributes;
}

/** The JSON-RPC error code an MCP error carries (`McpError.code`, `ProtocolError.code` in SDK 2), if it is one. */
export function jsonRpcCodeOf(error: unknown): number | undefined {
  const record = asRecord(error);
  const code = record?.code;
  const mcpError = record?.name === 'McpError' || record?.name === 'ProtocolError';
  return mcpError && typeof code === 'number' && Number.isInteger(code) ? code : undefined;
}

/**
 * `error.type` of a failed MCP request, as the MCP conventions ask: `timeout` for the SDK's request timeout, else
 * the JSON-RPC error code (`-32602`); undefined for other errors (classified like any tool error).
 */
export function mcpErrorType(error: unknown): string | undefined {
  const code = asRecord(error)?.code;
  if (code === REQUEST_TIMEOUT_CODE || code === REQUEST_TIMEOUT_SDK_CODE) return ERROR_TYPE_VALUE_TIMEOUT;
  const jsonRpcCode = jsonRpcCodeOf(error);
  return jsonRpcCode === undefined ? undefined : String(jsonRpcCode);
}

/** Whether a `tools/call` result reports a failed tool (`isError: true`). */
export function isToolErrorResult(result: unknown): boolean {
  return asRecord(result)?.isError === true;
}
