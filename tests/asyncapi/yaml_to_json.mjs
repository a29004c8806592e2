// Loads YAML from stdin with js-yaml (its default schema, YAML 1.2 core plus the 1.1
// spellings it still reads) and prints it as JSON: the reader test_yaml.py checks the
// emitter against.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

process.stdout.write(JSON.stringify(yaml.load(readFileSync(0, 'utf8'))) + '\n');
