// The rules every frame meets before its payload is looked at, and the order in which a
// rejection is classified: exactly the Python parser's (src/shared_types/_codec.py).
//
//   size (messageTooLarge) → JSON (invalidJson) → envelope (invalidMessage)
//     → event (unknownEvent) → payload (invalidPayload)
//
// The fast path is JSON.parse and one generated check; everything else runs only for a
// frame that check refuses (or that holds an escaped surrogate), to say why.
import { ProtocolError, type ErrorDetail } from './errors.js';
import { DEFAULT_MAX_BYTES, MAX_INTEGER_DIGITS, MAX_JSON_DEPTH, MAX_SHOWN_NAME } from './limits.js';

/** Options of the parse functions. */
export interface ParseOptions {
  /** Frames larger than this many bytes of UTF-8 are `messageTooLarge` (default 1 MiB). */
  readonly maxBytes?: number;
}

/** One direction of the protocol, as the generated validators describe it. */
export interface Direction {
  /** `client → server` or `server → client`, for messages. */
  readonly name: string;
  /** This direction's events, in protocol order. */
  readonly events: readonly string[];
  /** The other direction's events (named as such when received here). */
  readonly other: readonly string[];
  /** Whether a parsed document is a valid message: the fast path, no allocation. */
  readonly check: (document: unknown) => boolean;
  /** The problems of a known event's payload, as the Python parser reports them. */
  readonly explain: (event: string, payload: unknown, out: ErrorDetail[]) => void;
}

/** A JSON value may be enclosed by at most this many arrays and objects (as in Python). */
const MAX_ENCLOSING = MAX_JSON_DEPTH - 1;

const DEPTH_MESSAGE = `Arrays and objects nest more than ${MAX_JSON_DEPTH} levels deep`;
// An escaped UTF-16 surrogate: the only way a text that is well formed holds a lone one.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const NON_ASCII = /[^\x00-\x7f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Strings are skipped whole, so only the number literals outside them are seen.
const LITERALS = /"(?:[^"\\]|\\.)*"|-?([0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?/g;

// ------------------------------ the entry point

/**
 * The message in `data`, or a `ProtocolError`.
 *
 * `data` is a frame's text, its bytes (UTF-8), or a value already decoded from JSON; in
 * `valueOnly` mode (Standard Schema) a string is a value too.
 */
export function parseFrame(
  direction: Direction,
  data: unknown,
  options: ParseOptions | undefined,
  valueOnly = false,
): unknown {
  const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
  let text: string;
  if (typeof data === 'string' && !valueOnly) {
    text = data;
  } else if (!valueOnly && (data instanceof Uint8Array || data instanceof ArrayBuffer)) {
    text = decode(data, maxBytes);
  } else {
    text = valueToText(data);
  }
  checkSize(text, maxBytes);
  if (!isWellFormed(text)) {
    throw jsonError('The text is not valid Unicode (a lone surrogate)');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw jsonError('Invalid JSON');
  }
  const escaped = SURROGATE_ESCAPE.test(text);
  if (!escaped && direction.check(document)) {
    return document;
  }
  return classify(direction, text, document, escaped);
}

function classify(direction: Direction, text: string, document: unknown, escaped: boolean): unknown {
  const problem = jsonProblem(text, document, escaped);
  if (problem !== null) {
    throw jsonError(problem);
  }
  if (!isObject(document)) {
    throw envelope('', `A message must be a JSON object with 'event' and 'payload', not ${kind(document)}`, 'envelope');
  }
  if (!hasOwn(document, 'event')) {
    throw envelope('event', 'Field required', 'missing');
  }
  const event = document['event'];
  if (typeof event !== 'string') {
    throw envelope('event', `The event must be a string, not ${kind(event)}`, 'string_type');
  }
  if (!hasOwn(document, 'payload')) {
    throw envelope('payload', 'Field required', 'missing');
  }
  const payload = document['payload'];
  if (!isObject(payload)) {
    throw envelope('payload', `The payload must be an object, not ${kind(payload)}`, 'dict_type');
  }
  const extra = Object.keys(document).filter((key) => key !== 'event' && key !== 'payload');
  if (extra.length > 0) {
    // As Python's: the first three plain names, then one "not shown" for the others.
    const plain = extra.filter(isPlainName).sort().slice(0, 3);
    const hidden = plain.length < 3 && extra.length > plain.length;
    const names = hidden ? [...plain, NOT_SHOWN_KEY] : plain;
    const rest = extra.length - plain.length - (hidden ? 1 : 0);
    const shown = names.join(', ');
    const more = rest > 0 ? ` and ${rest} more` : '';
    throw envelope(
      '',
      `A message has only 'event' and 'payload'; unexpected: ${shown}${more}`,
      'extra_forbidden',
    );
  }
  if (!direction.events.includes(event)) {
    throw new ProtocolError('unknownEvent', [unknownEvent(direction, event)]);
  }
  const errors: ErrorDetail[] = [];
  direction.explain(event, payload, errors);
  if (errors.length > 0) {
    throw new ProtocolError('invalidPayload', errors);
  }
  // Valid after all: an integer beyond a double's range in `caller` (JavaScript reads it
  // as Infinity, Python exactly; both accept it), which the fast check cannot tell apart.
  return document;
}

function unknownEvent(direction: Direction, event: string): ErrorDetail {
  const expected = direction.events.join(', ');
  if (!isPlainName(event)) {
    const message = `Unknown event (${NOT_SHOWN}); expected one of: ${expected}`;
    return { path: 'event', message, type: 'unknown_event' };
  }
  // A plain name needs no escaping: ASCII letters, digits, `_` and `-` (as in Python).
  const message = direction.other.includes(event)
    ? `${direction.name} messages are ${expected}; '${event}' goes the other way`
    : `Unknown event '${event}'; expected one of: ${expected}`;
  return { path: 'event', message, type: 'unknown_event' };
}

// ------------------------------ names an error may echo (Python's `_names`)

const NOT_SHOWN = 'its name is not shown: it does not look like a plain name';
const NOT_SHOWN_KEY = 'a member whose name is not shown';
const PLAIN = /^[A-Za-z_][A-Za-z_-]*[0-9]{0,3}$/;

/** Whether `text` is plainly a name, never a secret-like value: echoed only then. */
export function isPlainName(text: string): boolean {
  if (text.length > MAX_SHOWN_NAME || !PLAIN.test(text)) {
    return false;
  }
  return (text.match(/[A-Z]/g) ?? []).length <= 4;
}

/** The error of an unexpected key, named only when it is plainly a name. */
export function unexpected(path: string, key: string): ErrorDetail {
  if (isPlainName(key)) {
    return { path: at(path, key), message: 'Extra inputs are not permitted', type: 'extra_forbidden' };
  }
  return {
    path,
    message: `Extra inputs are not permitted (${NOT_SHOWN_KEY})`,
    type: 'extra_forbidden',
  };
}

// ------------------------------ JSON

function jsonError(message: string): ProtocolError {
  return new ProtocolError('invalidJson', [{ path: '', message, type: 'json_invalid' }]);
}

function envelope(path: string, message: string, type: string): ProtocolError {
  return new ProtocolError('invalidMessage', [{ path, message, type }]);
}

/** What the Python parser refuses as JSON that JSON.parse accepted, or null. */
function jsonProblem(text: string, document: unknown, escaped: boolean): string | null {
  let nonFinite = false;
  const stack: [unknown, number][] = [[document, 0]];
  while (stack.length > 0) {
    const [value, enclosed] = stack.pop()!;
    if (enclosed > MAX_ENCLOSING) {
      return DEPTH_MESSAGE;
    }
    if (typeof value === 'number') {
      nonFinite ||= !Number.isFinite(value);
    } else if (typeof value === 'string') {
      if (escaped && !isWellFormed(value)) {
        return 'The text is not valid Unicode (a lone surrogate)';
      }
    } else if (Array.isArray(value)) {
      for (const item of value) {
        stack.push([item, enclosed + 1]);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (escaped && !isWellFormed(key)) {
          return 'The text is not valid Unicode (a lone surrogate)';
        }
        stack.push([(value as Record<string, unknown>)[key], enclosed + 1]);
      }
    }
  }
  return nonFinite ? numberProblem(text) : null;
}

/**
 * A number literal Python refuses: one with a fraction or an exponent beyond a double's
 * range, or an integer of more than `MAX_INTEGER_DIGITS` digits. (A shorter integer beyond
 * a double's range is valid JSON: Python keeps it exactly, JavaScript reads Infinity.)
 */
function numberProblem(text: string): string | null {
  for (const match of text.matchAll(LITERALS)) {
    const digits = match[1];
    if (digits === undefined) {
      continue; // a string
    }
    if (match[2] !== undefined || match[3] !== undefined) {
      if (!Number.isFinite(Number(match[0]))) {
        return 'Invalid JSON: a number is too large for a double';
      }
    } else if (digits.length > MAX_INTEGER_DIGITS) {
      return `Invalid JSON: an integer has more than ${MAX_INTEGER_DIGITS} digits`;
    }
  }
  return null;
}

function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native === undefined ? !LONE_SURROGATE.test(text) : native.call(text);
}

function decode(data: Uint8Array | ArrayBuffer, maxBytes: number): string {
  if (data.byteLength > maxBytes) {
    throw tooLarge(maxBytes);
  }
  try {
    // ignoreBOM: a byte-order mark stays, and is refused as JSON, as in Python.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    throw jsonError('Invalid JSON: the bytes are not UTF-8');
  }
}

/** An already-decoded value, back to text, so that it meets exactly the wire's rules. */
function valueToText(value: unknown): string {
  const problem = notJson(value);
  if (problem !== null) {
    throw jsonError(`The value is not JSON: ${problem}`);
  }
  try {
    return JSON.stringify(value);
  } catch {
    throw jsonError(DEPTH_MESSAGE); // RangeError: too deep to write
  }
}

function notJson(value: unknown): string | null {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    switch (typeof item) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(item)) {
          return 'numbers must be finite (no NaN or Infinity)';
        }
        continue;
      case 'object': {
        if (item === null) {
          continue;
        }
        if (seen.has(item)) {
          return 'it refers to itself';
        }
        seen.add(item);
        if (Array.isArray(item)) {
          stack.push(...item);
          continue;
        }
        const prototype: unknown = Object.getPrototypeOf(item);
        if (prototype !== Object.prototype && prototype !== null) {
          return `a value of type ${(item as object).constructor?.name ?? 'object'}`;
        }
        stack.push(...Object.values(item));
        continue;
      }
      default:
        return `a value of type ${typeof item}`;
    }
  }
  return null;
}

function tooLarge(maxBytes: number): ProtocolError {
  return new ProtocolError('messageTooLarge', [
    { path: '', message: `The message is larger than ${maxBytes} bytes`, type: 'too_large' },
  ]);
}

function checkSize(text: string, maxBytes: number): void {
  // A UTF-16 unit is 1 to 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4 bytes).
  const units = text.length;
  if (units * 3 <= maxBytes) {
    return;
  }
  if (units > maxBytes || (NON_ASCII.test(text) && utf8Length(text) > maxBytes)) {
    throw tooLarge(maxBytes);
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && isLow(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else {
      bytes += 3; // a lone surrogate counts 3, as Python's surrogatepass writes it
    }
  }
  return bytes;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function kind(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'boolean') {
    return 'a boolean';
  }
  if (typeof value === 'number') {
    return 'a number';
  }
  if (typeof value === 'string') {
    return 'a string';
  }
  return Array.isArray(value) ? 'an array' : 'an object';
}

// ------------------------------ for the generated validators

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** How many own keys `value` has (JSON objects have no inherited enumerable ones). */
export function keyCount(value: object): number {
  let count = 0;
  for (const _ in value) {
    count++;
  }
  return count;
}

/**
 * Whether a JSON value enclosed by `enclosed` arrays and objects keeps within the parser's
 * depth and holds only finite numbers (the fast path of `caller`).
 */
export function jsonFits(value: unknown, enclosed: number): boolean {
  if (typeof value !== 'object' || value === null) {
    return typeof value !== 'number' || Number.isFinite(value);
  }
  const stack: [unknown, number][] = [[value, enclosed]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > MAX_ENCLOSING) {
      return false;
    }
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) {
        return false;
      }
    } else if (typeof item === 'object' && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return true;
}

/**
 * `path.key`, as Python's `".".join(loc)`: a key is a field's wire name, or an unexpected
 * key that is plainly a name (`unexpected`), so it is written as it is.
 */
export function at(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}
