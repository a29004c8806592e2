// The npm package's parse against JSON.parse, ajv and Zod, in one node process
// (started by benchmarks/node.py, which writes the inputs and reads the result).
//
//   node node_bench.mjs PACKAGE_DIR AJV_DIR FRAME.json SCHEMA.json ROUNDS BATCH_MS
//
// Every candidate parses the same text. Candidates run interleaved: each round runs every
// candidate once (one batch of calls, sized to about BATCH_MS), in a rotating order; the
// best batch of ROUNDS counts. Time is the process's CPU time (process.cpuUsage: user +
// system), so time the machine gives to other jobs is not counted. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, ajvDir, framePath, schemaPath, roundsText, batchText] = process.argv.slice(2);
const { parseServerMessage } = await import(pathToFileURL(join(packageDir, 'dist', 'index.js')));
const { ServerToClientMessageSchema } = await import(pathToFileURL(join(packageDir, 'dist', 'zod.js')));
const require = createRequire(pathToFileURL(join(ajvDir, 'package.json')));
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;

const text = readFileSync(framePath, 'utf8');
const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

let sink = 0;
const candidates = {
  'JSON.parse': () => {
    sink += JSON.parse(text) === null ? 0 : 1;
  },
  'JSON.parse + ajv (compiled, strict)': () => {
    if (!validate(JSON.parse(text))) throw new Error('ajv rejects the frame');
    sink += 1;
  },
  'shared-types parseServerMessage': () => {
    sink += parseServerMessage(text).event.length;
  },
  'JSON.parse + Zod safeParse': () => {
    if (!ServerToClientMessageSchema.safeParse(JSON.parse(text)).success) {
      throw new Error('Zod rejects the frame');
    }
    sink += 1;
  },
};

function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function batch(run, number) {
  const start = cpuMicros();
  for (let index = 0; index < number; index++) run();
  return (cpuMicros() - start) / number;
}

const rounds = Number(roundsText);
const batchMicros = Number(batchText) * 1000;
const names = Object.keys(candidates);
const sizes = {};
const best = {};
for (const name of names) {
  // Warm up (the JIT), then size the batch.
  batch(candidates[name], 20);
  let number = 1;
  while (batch(candidates[name], number) * number < batchMicros && number < 1_000_000) number *= 2;
  sizes[name] = number;
  best[name] = Infinity;
}
for (let round = 0; round < rounds; round++) {
  for (let offset = 0; offset < names.length; offset++) {
    const name = names[(round + offset) % names.length];
    best[name] = Math.min(best[name], batch(candidates[name], sizes[name]));
  }
}
process.stdout.write(
  JSON.stringify({
    node: process.version,
    bytes: Buffer.byteLength(text),
    rounds,
    microseconds: best,
    sink: sink > 0,
  }) + '\n',
);
