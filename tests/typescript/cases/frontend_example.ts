// The original specification's frontend example, compiled against the generated module.
import type { ClientToServerMessage } from './websocket';

declare const wsRef: { current: WebSocket | null };

const sendMessage = (message: ClientToServerMessage) => {
  if (wsRef.current?.readyState === WebSocket.OPEN) {
    wsRef.current.send(JSON.stringify(message));
  }
};

// 使用範例 (verbatim)
sendMessage({
  event: 'startOutbound',
  payload: {
    project: {
      callFlowId: 'cf-123',
      projectId: 'proj-456',
      client_id: 'client-789',
      client_secret: 'secret',
      action: 'init',
      error: null
    }
  }
});

sendMessage({ event: 'stopOutbound', payload: { project: { projectId: 'proj-456' } } });
