// shared-types: the dashboard's WebSocket protocol for TypeScript.
//
//   import { parseServerMessage, createServerDispatcher } from 'shared-types';
//   import { ServerToClientMessageSchema } from 'shared-types/zod';   // with zod installed
//
// Types and validators are generated from the Python library's models, so both sides
// accept and reject the same messages, with the same error codes and paths.
export * from './websocket.js';
export { ProtocolError, type ErrorDetail } from './errors.js';
export {
  parseClientMessage,
  parseServerMessage,
  safeParseClientMessage,
  safeParseServerMessage,
  type SafeParseResult,
} from './validate.js';
export type { ParseOptions } from './wire.js';
export { DEFAULT_MAX_BYTES, MAX_ERROR_DETAILS, MAX_JSON_DEPTH } from './limits.js';
export {
  ClientToServerMessageSchema,
  ServerToClientMessageSchema,
  type StandardSchemaV1,
} from './standard-schema.js';
export {
  createClientDispatcher,
  createServerDispatcher,
  type ClientHandlers,
  type ServerHandlers,
} from './dispatch.js';
