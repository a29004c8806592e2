// Typed dispatch: one handler per event, each given its own payload and message.
import type {
  ClientEvent,
  ClientToServerMessage,
  MessageOf,
  PayloadOf,
  ServerEvent,
  ServerToClientMessage,
} from './websocket.js';

/** One handler per client → server event; a missing one or an unknown one does not compile. */
export type ClientHandlers<R> = {
  readonly [E in ClientEvent]: (payload: PayloadOf<E>, message: MessageOf<E>) => R;
};

/** One handler per server → client event; a missing one or an unknown one does not compile. */
export type ServerHandlers<R> = {
  readonly [E in ServerEvent]: (payload: PayloadOf<E>, message: MessageOf<E>) => R;
};

type AnyHandler<R> = (payload: unknown, message: unknown) => R;

function dispatcher<R>(
  handlers: Readonly<Record<string, AnyHandler<R>>>,
): (message: { readonly event: string; readonly payload: unknown }) => R {
  return (message) => {
    // Own handlers only: an event named `constructor` must not find Object's.
    const handler = Object.prototype.hasOwnProperty.call(handlers, message.event)
      ? handlers[message.event]
      : undefined;
    if (handler === undefined) {
      throw new TypeError(`no handler for the event ${JSON.stringify(message.event)}`);
    }
    return handler(message.payload, message);
  };
}

/**
 * A function that calls the handler of a client → server message's event with its payload
 * and the message, both narrowed to that event, and returns what the handler returns.
 */
export function createClientDispatcher<R>(
  handlers: ClientHandlers<R>,
): (message: ClientToServerMessage) => R {
  return dispatcher(handlers as unknown as Record<string, AnyHandler<R>>);
}

/**
 * A function that calls the handler of a server → client message's event with its payload
 * and the message, both narrowed to that event, and returns what the handler returns.
 */
export function createServerDispatcher<R>(
  handlers: ServerHandlers<R>,
): (message: ServerToClientMessage) => R {
  return dispatcher(handlers as unknown as Record<string, AnyHandler<R>>);
}
