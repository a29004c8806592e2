// The two message unions as Standard Schema v1 (https://standardschema.dev), so that they
// plug into any library that accepts one. A schema validates a value (a string is a value,
// not a frame's text), with the same verdicts, codes and paths as the parse functions.
import { ProtocolError } from './errors.js';
import type { ClientToServerMessage, ServerToClientMessage } from './websocket.js';
import { CLIENT_TO_SERVER, SERVER_TO_CLIENT } from './validate.js';
import { parseFrame, type Direction } from './wire.js';

/** The Standard Schema v1 interface, as its specification defines it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace StandardSchemaV1 {
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
}

function schema<M>(direction: Direction): StandardSchemaV1<unknown, M> {
  return {
    '~standard': {
      version: 1,
      vendor: 'shared-types',
      validate(value: unknown): StandardSchemaV1.Result<M> {
        try {
          return { value: parseFrame(direction, value, undefined, true) as M };
        } catch (error) {
          if (!(error instanceof ProtocolError)) {
            throw error;
          }
          return {
            issues: error.errors.map((detail) => ({
              message: `${error.code}: ${detail.message}`,
              path: detail.path
                ? detail.path.split('.').map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part))
                : undefined,
            })),
          };
        }
      },
    },
  };
}

/** Any client → server message, as a Standard Schema. */
export const ClientToServerMessageSchema: StandardSchemaV1<unknown, ClientToServerMessage> =
  schema(CLIENT_TO_SERVER);

/** Any server → client message, as a Standard Schema. */
export const ServerToClientMessageSchema: StandardSchemaV1<unknown, ServerToClientMessage> =
  schema(SERVER_TO_CLIENT);
