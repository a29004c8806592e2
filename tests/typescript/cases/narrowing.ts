// What the frontend does with the generated types: narrow on `event`, look types up by
// event name, iterate the runtime event lists. Compiles only if the types are right.
import {
  CLIENT_TO_SERVER_EVENTS,
  PROTOCOL_VERSION,
  SERVER_TO_CLIENT_EVENTS,
  type ClientEvent,
  type ClientToServerMessage,
  type ErrorCode,
  type ErrorMessage,
  type EventName,
  type Message,
  type MessageOf,
  type OutboundProjectConfig,
  type PayloadOf,
  type ProjectAction,
  type ProjectInfo,
  type ProjectsUpdatePayload,
  type ProjectStats,
  type ProjectStatusChange,
  type ServerEvent,
  type ServerToClientMessage,
  type StartOutboundMessage,
  type Timestamp,
} from './websocket';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type AllRequired<T> = Equals<RequiredKeys<T>, keyof T>;
const check = <T extends true>(): T | undefined => undefined;

function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}

// A switch over the server's messages narrows each payload and is exhaustive.
export function describe(msg: ServerToClientMessage): string {
  switch (msg.event) {
    case 'projectsUpdate': {
      const payload: ProjectsUpdatePayload = msg.payload;
      const first: ProjectInfo | undefined = payload.data[0];
      const token: '***' | null = first === undefined ? null : first.access_token;
      const when: Timestamp = payload.timestamp;
      return `${payload.stats.totalProjects} by ${payload.triggeredBy} at ${when} ${token}`;
    }
    case 'projectStatusChange': {
      const change: ProjectStatusChange = msg.payload.data;
      return `${change.projectId}: ${change.oldAction} -> ${change.newAction} at ${change.changedAt}`;
    }
    case 'error':
      return `${msg.payload.error}: ${msg.payload.message} at ${msg.payload.timestamp}`;
    default:
      return assertNever(msg);
  }
}

// The backend's dispatch from the specification, over the client's messages.
export async function dispatch(
  msg: ClientToServerMessage,
  init: (project: OutboundProjectConfig) => Promise<void>,
  remove: (projectId: string) => Promise<void>,
): Promise<void> {
  switch (msg.event) {
    case 'startOutbound':
      await init(msg.payload.project);
      break;
    case 'stopOutbound':
      await remove(msg.payload.project.projectId);
      break;
    default:
      assertNever(msg);
  }
}

// Lookups by event name.
check<Equals<PayloadOf<'projectsUpdate'>, ProjectsUpdatePayload>>();
check<Equals<MessageOf<'error'>, ErrorMessage>>();
check<Equals<MessageOf<'startOutbound'>, StartOutboundMessage>>();
check<Equals<PayloadOf<'stopOutbound'>['project']['projectId'], string>>();
check<Equals<ClientEvent, ClientToServerMessage['event']>>();
check<Equals<ServerEvent, ServerToClientMessage['event']>>();
check<Equals<ClientEvent, 'startOutbound' | 'stopOutbound'>>();
check<Equals<ServerEvent, 'projectsUpdate' | 'projectStatusChange' | 'error'>>();
check<Equals<EventName, ClientEvent | ServerEvent>>();
check<Equals<Message, ClientToServerMessage | ServerToClientMessage>>();
check<Equals<ProjectAction, 'init' | 'active'>>();
check<Equals<ErrorCode, 'invalidJson' | 'invalidMessage' | 'unknownEvent' | 'invalidPayload' | 'messageTooLarge'>>();

// Every field is required, the event tag included; nullable stays `T | null`.
check<AllRequired<StartOutboundMessage>>();
check<AllRequired<OutboundProjectConfig>>();
check<AllRequired<ProjectInfo>>();
check<AllRequired<ProjectsUpdatePayload>>();
check<AllRequired<ProjectStats>>();
check<Equals<StartOutboundMessage['event'], 'startOutbound'>>();
check<Equals<ProjectInfo['access_token'], '***' | null>>();
check<Equals<OutboundProjectConfig['error'], string | null>>();
check<Equals<ProjectInfo['caller'], unknown>>();
check<Equals<ProjectsUpdatePayload['type'], 'allProjects'>>();

// The runtime lists are readonly tuples of the event names, in protocol order.
check<Equals<typeof CLIENT_TO_SERVER_EVENTS, readonly ['startOutbound', 'stopOutbound']>>();
check<Equals<typeof SERVER_TO_CLIENT_EVENTS, readonly ['projectsUpdate', 'projectStatusChange', 'error']>>();
export const isServerEvent = (name: string): name is ServerEvent =>
  (SERVER_TO_CLIENT_EVENTS as readonly string[]).includes(name);
export const version: string = PROTOCOL_VERSION;
