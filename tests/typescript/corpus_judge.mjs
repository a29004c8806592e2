// The TypeScript judges of the cross-language corpus (test_corpus.py): the package's
// generated validators, its Zod schemas and ajv (strict, compiled), in one node process.
// Run from a project that installed the packed package and zod:
//
//   node corpus_judge.mjs AJV_DIR CLIENT_SCHEMA.json SERVER_SCHEMA.json < cases.jsonl
//
// Each stdin line {"direction": "client"|"server", "text": TEXT, "maxBytes": N} gets one
// stdout line: {"code": CODE|null, "paths": [...], "details": [[path, message, type], ...],
// "zod": bool|null, "ajv": bool|null, "finite": bool, "valueCode": CODE|null|"skipped"};
// zod and ajv are null when JSON.parse refuses the text; valueCode is the parse of the
// decoded value (skipped then, or when the value holds a number JavaScript cannot represent).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { parseClientMessage, parseServerMessage, ProtocolError } from 'shared-types';
import { ClientToServerMessageSchema, ServerToClientMessageSchema } from 'shared-types/zod';

const [ajvDir, clientSchema, serverSchema] = process.argv.slice(2);
const require = createRequire(pathToFileURL(join(ajvDir, 'package.json')));
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;
const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const load = (file) => ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
const judges = {
  client: { parse: parseClientMessage, zod: ClientToServerMessageSchema, ajv: load(clientSchema) },
  server: { parse: parseServerMessage, zod: ServerToClientMessageSchema, ajv: load(serverSchema) },
};

function finite(value) {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'number' && !Number.isFinite(item)) return false;
    if (item !== null && typeof item === 'object') stack.push(...Object.values(item));
  }
  return true;
}

process.stdout.write('{"ready": true}\n');
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const { direction, text, maxBytes } = JSON.parse(line);
  const judge = judges[direction];
  const verdict = {
    code: null, paths: [], details: [], zod: null, ajv: null, finite: true, valueCode: 'skipped',
  };
  try {
    judge.parse(text, { maxBytes });
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    verdict.code = error.code;
    verdict.paths = error.errors.map((detail) => detail.path);
    verdict.details = error.errors.map((detail) => [detail.path, detail.message, detail.type]);
    // Never the value of a secret: every corpus secret holds this marker.
    if (String(error).includes('TOPSECRET')) verdict.code = 'ECHOED A SECRET';
  }
  let document;
  let parsed = true;
  try {
    document = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (parsed) {
    verdict.finite = finite(document);
    verdict.zod = judge.zod.safeParse(document).success;
    verdict.ajv = judge.ajv(document);
    if (verdict.finite) {
      try {
        judge.parse(document, { maxBytes });
        verdict.valueCode = null;
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        verdict.valueCode = error.code;
      }
    }
  }
  process.stdout.write(JSON.stringify(verdict) + '\n');
}
