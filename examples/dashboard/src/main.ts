// A minimal dashboard on the npm package shared-types: every frame from the server is
// validated (as the Python parser would) and dispatched by event, with no cast.
//
// Open index.html?ws=ws://127.0.0.1:8765 (the example server's address; that is the default).
import {
  ProtocolError,
  createServerDispatcher,
  parseServerMessage,
  type ClientToServerMessage,
  type ProjectAction,
  type ProjectInfo,
  type ProjectStats,
} from 'shared-types';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`the page has no #${id}`);
  }
  return found as T;
}

const url = new URLSearchParams(location.search).get('ws') ?? 'ws://127.0.0.1:8765';
const socket = new WebSocket(url);

function send(message: ClientToServerMessage): void {
  if (socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(message));
  } else {
    showError('not connected');
  }
}

// Text only (textContent), never HTML: nothing the server sends can inject markup.
function cell(row: HTMLTableRowElement, text: string): void {
  row.insertCell().textContent = text;
}

function showProjects(projects: readonly ProjectInfo[]): void {
  const rows = projects.map((project) => {
    const row = document.createElement('tr');
    row.dataset['projectId'] = project.projectId;
    cell(row, project.projectId);
    cell(row, project.callFlowId);
    cell(row, project.action);
    cell(row, String(project.agentQuantity));
    cell(row, project.ws_connected ? 'connected' : 'down');
    cell(row, new Date(project.updatedAt).toLocaleTimeString());
    // The access token is never shown: the server sends '***' anyway.
    const stop = document.createElement('button');
    stop.textContent = 'Stop';
    stop.addEventListener('click', () =>
      send({ event: 'stopOutbound', payload: { project: { projectId: project.projectId } } }),
    );
    row.insertCell().append(stop);
    return row;
  });
  element('projects').replaceChildren(...rows);
}

function showStats(stats: ProjectStats): void {
  element('total').textContent = String(stats.totalProjects);
  element('active').textContent = String(stats.activeProjects);
  element('connected').textContent = String(stats.connectedProjects);
}

function showError(text: string): void {
  element('error').textContent = text;
}

const onMessage = createServerDispatcher({
  projectsUpdate: (payload) => {
    showProjects(payload.data);
    showStats(payload.stats);
    element('updated').textContent = `updated by ${payload.triggeredBy}`;
  },
  projectStatusChange: ({ data }) => {
    element('change').textContent = `${data.projectId}: ${data.oldAction} → ${data.newAction}`;
  },
  error: (payload) => showError(`${payload.error}: ${payload.message}`),
});

socket.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    onMessage(parseServerMessage(event.data));
  } catch (error) {
    if (!(error instanceof ProtocolError)) {
      throw error;
    }
    // Names the code and the paths, never a value: safe to show.
    showError(`the server sent a message the protocol rejects: ${String(error)}`);
  }
});
socket.addEventListener('open', () => setConnection('open', 'connected'));
socket.addEventListener('close', () => setConnection('closed', 'disconnected'));

function setConnection(state: string, text: string): void {
  const badge = element('connection');
  badge.dataset['state'] = state;
  badge.textContent = text;
}

const form = element<HTMLFormElement>('start');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const text = (name: string): string => String(fields.get(name) ?? '');
  showError('');
  const action: ProjectAction = text('action') === 'active' ? 'active' : 'init';
  // What the user typed goes as it is: the server judges it, and answers an `error`.
  send({
    event: 'startOutbound',
    payload: {
      project: {
        projectId: text('projectId'),
        callFlowId: text('callFlowId'),
        client_id: text('clientId'),
        client_secret: text('clientSecret'),
        action,
        error: null,
      },
    },
  });
  const secret = form.elements.namedItem('clientSecret');
  if (secret instanceof HTMLInputElement) {
    secret.value = ''; // never kept on the page
  }
});
