// A dashboard in Node against the Python example server, built on the npm package
// `shared-types` installed from its packed tarball (tests/e2e/test_typescript_client.py packs
// it, installs it into a fresh project with ws, compiles this file and runs it).
//
//   node client.js PORT
//
// It sends the specification's startOutbound example, re-activates the project, sends one
// message the server cannot know and stops the project. Every frame it receives is validated
// by the package (as the Python parser would), then checked against the scenario, narrowing
// on `event`. On success it prints one JSON line and exits 0; on the first mismatch it names
// it on stderr and exits 1. Every wait has a timeout: it never hangs.
import WebSocket from 'ws';

import {
  PROTOCOL_VERSION,
  safeParseServerMessage,
  type ClientToServerMessage,
  type Message,
  type MessageOf,
  type PayloadOf,
  type ProjectInfo,
  type ServerEvent,
  type ServerToClientMessage,
  type Timestamp,
} from 'shared-types';

/** The bound on every wait: generous for a loaded machine, finite so a bug fails. */
const TIMEOUT_MS = 20_000;
const PROJECT = 'proj-456';

/** A received message that is not what the protocol or the scenario says. */
class Mismatch extends Error {
  override name = 'Mismatch';
}

let checks = 0;

function expect(condition: boolean, what: string): asserts condition {
  checks += 1;
  if (!condition) {
    throw new Mismatch(what);
  }
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

// ------------------------------ what every server message must satisfy

/** The server writes every timestamp as `Date.prototype.toISOString()` does. */
function expectCanonical(timestamp: Timestamp, where: string): void {
  const time = new Date(timestamp);
  expect(
    !Number.isNaN(time.getTime()) && time.toISOString() === timestamp,
    `${where}: ${show(timestamp)} is not in the toISOString() form`,
  );
}

function expectText(value: string, where: string): void {
  expect(
    typeof value === 'string' && value.length > 0,
    `${where}: ${show(value)} is not a non-empty string`,
  );
}

function expectProject(project: ProjectInfo, where: string): void {
  expectText(project.projectId, `${where}.projectId`);
  expect(
    project.access_token === '***' || project.access_token === null,
    `${where}.access_token is not masked`,
  );
  expect(
    project.action === 'init' || project.action === 'active',
    `${where}.action: ${show(project.action)}`,
  );
  expect(
    Number.isSafeInteger(project.agentQuantity) && project.agentQuantity >= 0,
    `${where}.agentQuantity`,
  );
  expectCanonical(project.createdAt, `${where}.createdAt`);
  expectCanonical(project.updatedAt, `${where}.updatedAt`);
}

// docs:start check
/** Checks one message from the server; `switch` narrows `msg` to the event's own type. */
function check(msg: ServerToClientMessage): void {
  switch (msg.event) {
    case 'projectsUpdate': {
      const { data, stats, timestamp, triggeredBy, type } = msg.payload;
      expect(type === 'allProjects', `projectsUpdate.type: ${show(type)}`);
      expectText(triggeredBy, 'projectsUpdate.triggeredBy');
      expectCanonical(timestamp, 'projectsUpdate.timestamp');
      data.forEach((project, index) => expectProject(project, `projectsUpdate.data[${index}]`));
      expect(
        stats.totalProjects === data.length &&
          stats.activeProjects === data.filter((project) => project.action === 'active').length &&
          stats.connectedProjects === data.filter((project) => project.ws_connected).length,
        `stats ${show(stats)} do not count ${show(data)}`,
      );
      break;
    }
    case 'projectStatusChange': {
      const { projectId, oldAction, newAction, changedAt } = msg.payload.data;
      expectText(projectId, 'projectStatusChange.projectId');
      expect(oldAction !== newAction, `projectStatusChange: ${oldAction} -> ${newAction}`);
      expectCanonical(changedAt, 'projectStatusChange.changedAt');
      expectCanonical(msg.payload.timestamp, 'projectStatusChange.timestamp');
      break;
    }
    case 'error':
      expectText(msg.payload.error, 'error.error');
      expectText(msg.payload.message, 'error.message');
      expectCanonical(msg.payload.timestamp, 'error.timestamp');
      break;
    default: {
      // A new server event fails to compile here; an unknown one at run time throws.
      const unknown: never = msg;
      throw new Mismatch(`unknown event: ${show(unknown)}`);
    }
  }
}
// docs:end check

// ------------------------------ receiving

// docs:start parse
/** A frame's text to a server message, validated by the package as the Python parser would. */
function parseServerMessage(text: string): ServerToClientMessage {
  const result = safeParseServerMessage(text);
  if (!result.success) {
    // The error names paths and rules, never values: safe to log.
    throw new Mismatch(`not a valid server message: ${String(result.error)}`);
  }
  // `result.data` is typed, with no cast; check() adds what the scenario expects.
  check(result.data);
  return result.data;
}
// docs:end parse

/** The messages of one connection, in order, each checked as it arrives. */
class Inbox {
  readonly events: ServerEvent[] = [];
  private readonly queued: ServerToClientMessage[] = [];
  private waiter:
    | { resolve: (msg: ServerToClientMessage) => void; reject: (error: Error) => void }
    | undefined;
  private failure: Error | undefined;

  constructor(socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      try {
        expect(!isBinary, 'the server sends text frames');
        const msg = parseServerMessage(data.toString());
        this.events.push(msg.event);
        this.deliver(msg);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', (code) => this.fail(new Mismatch(`the connection closed (code ${code})`)));
  }

  /** The next message; rejects after TIMEOUT_MS, or when the connection failed. */
  next(expected: string): Promise<ServerToClientMessage> {
    const queued = this.queued.shift();
    if (queued !== undefined) {
      return Promise.resolve(queued);
    }
    if (this.failure !== undefined) {
      return Promise.reject(this.failure);
    }
    return withTimeout(`waiting for ${expected}`, (resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private deliver(msg: ServerToClientMessage): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter === undefined) {
      this.queued.push(msg);
    } else {
      waiter.resolve(msg);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.failure);
  }
}

function isEvent<E extends ServerEvent>(msg: Message, event: E): msg is MessageOf<E> {
  return msg.event === event;
}

/** The next message, which must be a `event`. */
async function expectEvent<E extends ServerEvent>(inbox: Inbox, event: E): Promise<MessageOf<E>> {
  const msg = await inbox.next(event);
  if (!isEvent(msg, event)) {
    throw new Mismatch(`expected ${event}, got ${show(msg)}`);
  }
  return msg;
}

function projectIn(update: PayloadOf<'projectsUpdate'>): ProjectInfo | undefined {
  return update.data.find((project) => project.projectId === PROJECT);
}

// ------------------------------ the connection

function send(socket: WebSocket, message: ClientToServerMessage): void {
  socket.send(JSON.stringify(message));
}

function withTimeout<T>(
  what: string,
  start: (resolve: (value: T) => void, reject: (error: Error) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Mismatch(`${what}: no answer within ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    start(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

function open(url: string): Promise<WebSocket> {
  return withTimeout(`connect to ${url}`, (resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: TIMEOUT_MS });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function close(socket: WebSocket): Promise<number> {
  return withTimeout('close', (resolve) => {
    socket.once('close', (code) => resolve(code));
    socket.close(1000, 'done');
  });
}

// ------------------------------ the scenario

async function run(port: number): Promise<object> {
  const socket = await open(`ws://127.0.0.1:${port}`);
  const inbox = new Inbox(socket);

  const first = (await expectEvent(inbox, 'projectsUpdate')).payload;
  expect(first.triggeredBy === 'system', `the first update is from ${show(first.triggeredBy)}`);
  expect(projectIn(first) === undefined, `${PROJECT} is there before it started`);

  // docs:start send
  // The specification's example, checked by the compiler against the generated union.
  const startOutbound: ClientToServerMessage = {
    event: 'startOutbound',
    payload: {
      project: {
        callFlowId: 'cf-123',
        projectId: 'proj-456',
        client_id: 'client-789',
        client_secret: 'secret',
        action: 'init',
        error: null,
      },
    },
  };
  socket.send(JSON.stringify(startOutbound));
  // docs:end send

  const started = (await expectEvent(inbox, 'projectsUpdate')).payload;
  expect(started.triggeredBy === PROJECT, `triggeredBy ${show(started.triggeredBy)}`);
  const project = projectIn(started);
  expect(project !== undefined, `${PROJECT} is missing from ${show(started.data)}`);
  expect(project.action === 'init' && !project.ws_connected, `${PROJECT} is ${show(project)}`);
  expect(project.createdAt === project.updatedAt, `${PROJECT} is ${show(project)}`);
  expect(
    project.callFlowId === 'cf-123' && project.client_id === 'client-789',
    `${PROJECT} is ${show(project)}`,
  );
  expect(project.access_token === '***', `${PROJECT}: the access token is not '***'`);

  // Re-activation. `startOutbound` was initialised with a startOutbound message, so the
  // compiler has narrowed it: its project is an OutboundProjectConfig.
  send(socket, {
    event: 'startOutbound',
    payload: { project: { ...startOutbound.payload.project, action: 'active' } },
  });
  const reactivated = (await expectEvent(inbox, 'projectsUpdate')).payload;
  const active = projectIn(reactivated);
  expect(active?.action === 'active' && active.ws_connected, `${PROJECT} is ${show(active)}`);
  expect(active.createdAt === project.createdAt, 're-activation changed createdAt');
  expect(active.updatedAt >= project.updatedAt, 're-activation went back in time');
  const change = (await expectEvent(inbox, 'projectStatusChange')).payload.data;
  expect(
    change.projectId === PROJECT && change.oldAction === 'init' && change.newAction === 'active',
    `the change is ${show(change)}`,
  );
  expect(
    change.changedAt === active.updatedAt,
    `changedAt ${change.changedAt} is not updatedAt ${active.updatedAt}`,
  );

  // An event the server does not know: an error to this client, the connection stays open.
  socket.send(JSON.stringify({ event: 'launchOutbound', payload: {} }));
  const error = (await expectEvent(inbox, 'error')).payload;
  expect(error.error === 'unknownEvent', `the error is ${show(error)}`);

  send(socket, { event: 'stopOutbound', payload: { project: { projectId: PROJECT } } });
  const stopped = (await expectEvent(inbox, 'projectsUpdate')).payload;
  expect(stopped.triggeredBy === PROJECT, `triggeredBy ${show(stopped.triggeredBy)}`);
  expect(projectIn(stopped) === undefined, `${PROJECT} is still in ${show(stopped.data)}`);

  const code = await close(socket);
  expect(code === 1000, `closed with code ${code}`);
  return {
    ok: true,
    protocolVersion: PROTOCOL_VERSION,
    received: inbox.events,
    errors: [error.error],
    checks,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const port = Number(argv[0]);
  if (argv.length !== 1 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    process.stderr.write('usage: node client.js PORT\n');
    return 2;
  }
  try {
    process.stdout.write(`${JSON.stringify(await run(port))}\n`);
    return 0;
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`ts_client: FAILED: ${text}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`ts_client: crashed: ${String(error)}\n`);
    process.exit(1);
  },
);
