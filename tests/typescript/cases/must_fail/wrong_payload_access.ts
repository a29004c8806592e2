// Narrowing is real: after `case 'error'` the payload has no `data` (expect: TS2339).
import type { ServerToClientMessage } from '../websocket';

export function describe(msg: ServerToClientMessage): string {
  if (msg.event === 'error') {
    return msg.payload.data.projectId;
  }
  return msg.event;
}
