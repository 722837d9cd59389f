/**
 * `npm run docs`: rewrites the generated blocks of docs/ODD.md (parameter and metric tables) from
 * their single definitions, and scenarios.schema.json from the scenario schema. test/docs.test.ts
 * fails when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { docsWithTables } from '../src/scenarios/parameterTable.js';
import { scenarioJsonSchema } from '../src/scenarios/schema.js';

const odd = new URL('../docs/ODD.md', import.meta.url);
writeFileSync(odd, docsWithTables(readFileSync(odd, 'utf8')));
writeFileSync(new URL('../scenarios.schema.json', import.meta.url), `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
