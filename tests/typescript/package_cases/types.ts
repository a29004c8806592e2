// The package's public types under `tsc --strict`, as a consumer imports them from the
// installed tarball: parse results, narrowing, PayloadOf, dispatch exhaustiveness, Zod
// and Standard Schema. Every `@ts-expect-error` must meet an error, or tsc fails.
import {
  createClientDispatcher,
  createServerDispatcher,
  parseClientMessage,
  parseServerMessage,
  safeParseServerMessage,
  ProtocolError,
  ServerToClientMessageSchema,
  type ClientToServerMessage,
  type ErrorCode,
  type ErrorDetail,
  type PayloadOf,
  type ProjectsUpdatePayload,
  type SafeParseResult,
  type ServerToClientMessage,
  type StandardSchemaV1,
} from 'shared-types';
import * as zod from 'shared-types/zod';
import type { z } from 'zod';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(): T | undefined => undefined;

// The parse functions return the unions, not `any` or `unknown`.
check<Equals<ReturnType<typeof parseServerMessage>, ServerToClientMessage>>();
check<Equals<ReturnType<typeof parseClientMessage>, ClientToServerMessage>>();
check<Equals<ReturnType<typeof safeParseServerMessage>, SafeParseResult<ServerToClientMessage>>>();
check<Equals<PayloadOf<'projectsUpdate'>, ProjectsUpdatePayload>>();
check<Equals<ProtocolError['code'], ErrorCode>>();
check<Equals<ProtocolError['errors'], readonly ErrorDetail[]>>();

// Narrowing on `event`, with no cast.
export function firstProject(frame: string): string | null {
  const message = parseServerMessage(frame);
  if (message.event === 'projectsUpdate') {
    return message.payload.data[0]?.projectId ?? null;
  }
  // @ts-expect-error: only a projectsUpdate has `stats`
  return message.payload.stats;
}

export function safe(frame: string): number {
  const result = safeParseServerMessage(frame, { maxBytes: 4096 });
  if (result.success) {
    return result.data.event === 'error' ? 0 : 1;
  }
  const code: ErrorCode = result.error.code;
  // @ts-expect-error: a failure has no `data`
  return result.data + code.length;
}

// One handler per event, each with its own payload and message.
export const dispatchServer = createServerDispatcher({
  projectsUpdate: (payload, message) => payload.stats.totalProjects + message.payload.data.length,
  projectStatusChange: (payload) => payload.data.newAction.length,
  error: (payload, message) => payload.error.length + message.event.length,
});
check<Equals<typeof dispatchServer, (message: ServerToClientMessage) => number>>();

// @ts-expect-error: the `error` handler is missing
createServerDispatcher({
  projectsUpdate: () => 1,
  projectStatusChange: () => 2,
});

createServerDispatcher({
  projectsUpdate: () => 1,
  projectStatusChange: () => 2,
  error: () => 3,
  // @ts-expect-error: not a server event
  startOutbound: () => 4,
});

createClientDispatcher({
  startOutbound: (payload) => payload.project.client_secret,
  // @ts-expect-error: a stopOutbound payload has no client_secret
  stopOutbound: (payload) => payload.project.client_secret,
});

createClientDispatcher({
  startOutbound: (payload) => payload.project.projectId,
  // @ts-expect-error: a handler of the wrong event's payload
  stopOutbound: (payload: PayloadOf<'startOutbound'>) => payload.project.client_id,
});

// Zod: each schema is typed by the interface it checks.
check<Equals<z.infer<typeof zod.ServerToClientMessageSchema>, ServerToClientMessage>>();
check<Equals<z.infer<typeof zod.ProjectInfoSchema>['agentQuantity'], number>>();

// Standard Schema v1.
const standard: StandardSchemaV1<unknown, ServerToClientMessage> = ServerToClientMessageSchema;
export const result = standard['~standard'].validate({});
