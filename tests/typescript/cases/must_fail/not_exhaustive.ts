// A switch that forgets an event must not compile (expect: TS2345).
import type { ServerToClientMessage } from '../websocket';

function assertNever(value: never): never {
  throw new Error(String(value));
}

export function describe(msg: ServerToClientMessage): string {
  switch (msg.event) {
    case 'projectsUpdate':
      return msg.payload.triggeredBy;
    case 'projectStatusChange':
      return msg.payload.data.projectId;
    default:
      return assertNever(msg);
  }
}
