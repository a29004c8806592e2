// Validates messages with ajv v8 (Draft 2020-12, strict mode, ajv-formats), for the
// differential test in test_schema_agreement.py. Started once per test session.
//
//   node ajv_validate.mjs NAME=SCHEMA.json ...
//
// Compiles every schema in strict mode (a schema ajv strict refuses exits 2 with its
// error), prints {"ready": true, "ajv": VERSION}, then answers each stdin line
// {"schema": NAME, "texts": [TEXT, ...]} with one line: an array holding, per text,
// true (valid), false (invalid) or "json" (JSON.parse refused the text).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const ajvVersion = require('ajv/package.json').version;

const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);

const validators = {};
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split('=');
  try {
    validators[name] = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(2);
  }
}
process.stdout.write(JSON.stringify({ ready: true, ajv: ajvVersion }) + '\n');

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const request = JSON.parse(line);
  const validate = validators[request.schema];
  const verdicts = request.texts.map((text) => {
    let document;
    try {
      document = JSON.parse(text);
    } catch {
      return 'json';
    }
    return validate(document);
  });
  process.stdout.write(JSON.stringify(verdicts) + '\n');
}
