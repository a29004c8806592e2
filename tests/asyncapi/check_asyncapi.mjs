// Parses an AsyncAPI document with the AsyncAPI project's own parser, then judges JSON
// documents with every message's payload schema (ajv, draft-07 as AsyncAPI schemas are,
// strict mode, ajv-formats), for test_asyncapi.py.
//
//   node check_asyncapi.mjs asyncapi.yaml < {"documents": [DOC, ...]}
//
// Prints one JSON object: the parser's version, its diagnostics (errors and warnings
// alike), and per operation its action, its message's name, and for each document
// whether the message's payload schema accepts it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const severities = ['error', 'warning', 'info', 'hint'];

const [file] = process.argv.slice(2);
const { documents } = JSON.parse(readFileSync(0, 'utf8'));
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), { source: file });

// The parser annotates every schema with x-parser-* members: not part of the document.
function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !key.startsWith('x-parser-'))
      .map(([key, value]) => [key, strip(value)]),
  );
}

const operations = [];
if (document !== undefined) {
  const ajv = new Ajv({ strict: true, allErrors: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'string' });
  for (const operation of document.operations()) {
    for (const message of operation.messages()) {
      const validate = ajv.compile(strip(message.payload().json()));
      operations.push({
        operation: operation.id(),
        action: operation.action(),
        message: message.name(),
        examples: message.examples().all().map((example) => example.payload()),
        verdicts: documents.map((doc) => validate(doc)),
      });
    }
  }
}
process.stdout.write(
  JSON.stringify({
    parser: require('@asyncapi/parser/package.json').version,
    version: document?.version(),
    diagnostics: diagnostics.map((d) => ({
      severity: severities[d.severity] ?? String(d.severity),
      code: d.code,
      message: d.message,
      path: d.path.join('/'),
    })),
    operations,
  }) + '\n',
);
