// ProtocolError: why a message was rejected, as the Python library's ProtocolError says it.
//
// The same five codes, the same path notation (`payload.data.0.createdAt`, wire names, dots),
// the same cap on the number of problems kept; a message names paths and expectations and
// never the rejected value (the name of an unknown event aside, cut and escaped), so an error
// is safe to log and to show.
import type { ErrorCode } from './websocket.js';
import { ERROR_SUMMARIES, MAX_ERROR_DETAILS } from './limits.js';

/** One problem found in a rejected message. */
export interface ErrorDetail {
  /** Where, dotted, in wire names (`payload.project.action`); empty for the whole message. */
  readonly path: string;
  /** What is wrong, in words; never the offending value. */
  readonly message: string;
  /** A short machine-readable kind (`missing`, `string_type`, `timestamp`…), as in Python. */
  readonly type: string;
}

function explain(code: ErrorCode, errors: readonly ErrorDetail[], omitted: number): string {
  if (errors.length === 0) {
    return ERROR_SUMMARIES[code];
  }
  const text = errors
    .map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message))
    .join('; ');
  return omitted ? `${text}; and ${omitted} more` : text;
}

/** A message was rejected: not JSON, not an envelope, an unknown event, or a wrong payload. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  /** One of the five stable codes; the `error` of the protocol's `error` event. */
  readonly code: ErrorCode;
  /** The problems found, at most `MAX_ERROR_DETAILS` of them. */
  readonly errors: readonly ErrorDetail[];
  /** How many further problems were found but not kept. */
  readonly omitted: number;

  constructor(code: ErrorCode, errors: readonly ErrorDetail[] = [], omitted = 0) {
    const kept = errors.slice(0, MAX_ERROR_DETAILS);
    const left = omitted + errors.length - kept.length;
    super(explain(code, kept, left));
    this.code = code;
    this.errors = Object.freeze(kept);
    this.omitted = left;
  }

  /** `code: message`, as Python's `str(error)`. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}
