// What a consumer does at run time with the installed package; prints one JSON line of
// observations for test_package.py to check.
import {
  CLIENT_TO_SERVER_EVENTS,
  PROTOCOL_VERSION,
  SERVER_TO_CLIENT_EVENTS,
  ClientToServerMessageSchema,
  ProtocolError,
  ServerToClientMessageSchema,
  createServerDispatcher,
  parseClientMessage,
  parseServerMessage,
  safeParseClientMessage,
} from 'shared-types';
import { ServerToClientMessageSchema as ZodServerSchema } from 'shared-types/zod';

const update = {
  event: 'projectsUpdate',
  payload: {
    type: 'allProjects',
    data: [
      {
        projectId: 'p-1', callFlowId: 'cf-1', action: 'active', client_id: 'c-1',
        agentQuantity: 2, caller: { n: [1, null] }, access_token: '***', ws_connected: true,
        createdAt: '2025-01-15T08:00:00.000Z', updatedAt: '2025-01-15T08:00:00.000Z',
      },
    ],
    stats: { totalProjects: 1, activeProjects: 1, connectedProjects: 1 },
    timestamp: '2025-01-15T08:30:00.123Z',
    triggeredBy: 'system',
  },
};
const start = {
  event: 'startOutbound',
  payload: {
    project: {
      callFlowId: 'cf', projectId: 'p', client_id: 'c', client_secret: 'TOPSECRET-1',
      action: 'paused', error: null,
    },
  },
};

function failure(run: () => unknown): { code: string; paths: string[]; text: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) {
      return { code: error.code, paths: error.errors.map((d) => d.path), text: String(error) };
    }
    throw error;
  }
  return { code: 'accepted', paths: [], text: '' };
}

const describe = createServerDispatcher({
  projectsUpdate: (payload) => `${payload.stats.totalProjects} projects`,
  projectStatusChange: (payload) => `${payload.data.projectId} is ${payload.data.newAction}`,
  error: (payload) => `error ${payload.error}`,
});

const fromText = parseServerMessage(JSON.stringify(update));
const fromValue = parseServerMessage(update);
const bytes = new TextEncoder().encode(JSON.stringify(update));
const badProject = safeParseClientMessage(JSON.stringify(start));
const standardBad = ClientToServerMessageSchema['~standard'].validate(start);
const standardGood = ServerToClientMessageSchema['~standard'].validate(update);

console.log(
  JSON.stringify({
    protocolVersion: PROTOCOL_VERSION,
    events: [...CLIENT_TO_SERVER_EVENTS, ...SERVER_TO_CLIENT_EVENTS],
    dispatched: describe(fromText),
    sameFromValue: JSON.stringify(fromValue) === JSON.stringify(fromText),
    fromBytes: describe(parseServerMessage(bytes)),
    badProject: badProject.success ? null : {
      code: badProject.error.code,
      paths: badProject.error.errors.map((d) => d.path),
      text: String(badProject.error),
      isError: badProject.error instanceof Error,
    },
    tooLarge: failure(() => parseServerMessage(JSON.stringify(update), { maxBytes: 100 })),
    notJson: failure(() => parseServerMessage('{"event": ')),
    wrongDirection: failure(() => parseClientMessage(JSON.stringify(update))),
    notAnEnvelope: failure(() => parseServerMessage('[1, 2]')),
    nanValue: failure(() => parseServerMessage({ event: 'error', payload: { x: NaN } })),
    standardBad: 'issues' in standardBad && standardBad.issues
      ? standardBad.issues.map((issue) => ({ message: issue.message, path: issue.path }))
      : null,
    standardGood: 'value' in standardGood && standardGood.value !== undefined,
    zodGood: ZodServerSchema.safeParse(update).success,
    zodBad: ZodServerSchema.safeParse({ ...update, extra: 1 }).success,
  }),
);
