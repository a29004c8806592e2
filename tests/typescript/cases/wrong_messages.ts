// Messages the protocol refuses must not compile: every `@ts-expect-error` below must
// meet an error on its next line (tsc reports an unused one as an error itself).
import type { ClientToServerMessage, PayloadOf, ServerToClientMessage } from './websocket';

const project = { callFlowId: 'cf', projectId: 'p', client_id: 'c', client_secret: 's', error: null };
const now = '2025-01-15T08:30:00.123Z';

export const good: ClientToServerMessage[] = [
  { event: 'startOutbound', payload: { project: { ...project, action: 'init' } } },
  { event: 'stopOutbound', payload: { project: { projectId: 'p' } } },
];

export const wrong: ClientToServerMessage[] = [
  // @ts-expect-error: a bad action
  { event: 'startOutbound', payload: { project: { ...project, action: 'start' } } },
  // @ts-expect-error: an unknown event
  { event: 'startInbound', payload: { project: { ...project, action: 'init' } } },
  // @ts-expect-error: a projectId that is a number
  { event: 'stopOutbound', payload: { project: { projectId: 456 } } },
  // @ts-expect-error: the nullable `error` is still required
  { event: 'startOutbound', payload: { project: { callFlowId: 'cf', projectId: 'p', client_id: 'c', client_secret: 's', action: 'init' } } },
  // @ts-expect-error: the event tag is required
  { payload: { project: { projectId: 'p' } } },
  // @ts-expect-error: a field the protocol does not have
  { event: 'stopOutbound', payload: { project: { projectId: 'p', force: true } } },
  // @ts-expect-error: a server event sent by a client
  { event: 'error', payload: { error: 'e', message: 'm', timestamp: now } },
];

export const wrongFromServer: ServerToClientMessage[] = [
  { event: 'error', payload: { error: 'e', message: 'm', timestamp: now } },
  // @ts-expect-error: a missing timestamp
  { event: 'error', payload: { error: 'e', message: 'm' } },
  // @ts-expect-error: a missing triggeredBy
  { event: 'projectsUpdate', payload: { type: 'allProjects', data: [], stats: { totalProjects: 0, activeProjects: 0, connectedProjects: 0 }, timestamp: now } },
  // @ts-expect-error: agentQuantity is a number, not a string
  { event: 'projectsUpdate', payload: { type: 'allProjects', data: [{ projectId: 'p', callFlowId: 'cf', action: 'init', client_id: 'c', agentQuantity: '3', caller: null, access_token: null, ws_connected: false, createdAt: now, updatedAt: now }], stats: { totalProjects: 1, activeProjects: 0, connectedProjects: 0 }, timestamp: now, triggeredBy: 'system' } },
];

// @ts-expect-error: not an event name
export type Nope = PayloadOf<'projectRemoved'>;
