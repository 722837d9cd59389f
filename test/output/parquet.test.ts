/**
 * `--format parquet`: every table's parquet file, read back with DuckDB, holds the CSV's columns in
 * order and its every cell (numbers equal as doubles, text equal, an empty cell null); the bytes are
 * the same for the same run and for any number of workers; a bad --format is refused with the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { csvRows, ParquetStream, ROW_GROUP_ROWS, typedColumns } from '../../src/output/parquet.js';
import { cli, removeTempDirs, sha256File, SMALL, tempDir } from '../cli/helpers.js';

let cwd: string;
let db: Awaited<ReturnType<typeof DuckDBInstance.create>>;

afterAll(removeTempDirs);

/** The rows of a parquet file as DuckDB reads it, with its column names and types. */
async function readParquet(path: string): Promise<{ names: string[]; types: string[]; rows: unknown[][] }> {
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path.replace(/'/g, "''")}')`);
  const result = { names: reader.columnNames(), types: reader.columnTypes().map(String), rows: reader.getRowsJS() as unknown[][] };
  connection.closeSync();
  return result;
}

/** Checks that `parquet` holds exactly the table of `csv`, cell by cell. */
async function expectSameTable(csv: string, parquet: string): Promise<void> {
  const [header, ...rows] = csvRows(readFileSync(csv, 'utf8'));
  const table = await readParquet(parquet);
  expect(table.names).toEqual(header);
  expect(table.rows.length).toBe(rows.length);
  rows.forEach((row, i) => {
    row.forEach((cell, c) => {
      const value = table.rows[i][c];
      const type = table.types[c];
      if (type === 'VARCHAR') expect(value, `${parquet} row ${i} ${header[c]}`).toBe(cell);
      else if (cell === '') expect(value, `${parquet} row ${i} ${header[c]}`).toBeNull();
      else expect(Object.is(Number(value), Number(cell)), `${parquet} row ${i} ${header[c]}: ${String(value)} vs ${cell}`).toBe(true);
    });
  });
}

/** Runs the CLI in the shared folder, expecting success. */
async function ok(args: readonly string[]): Promise<void> {
  const r = await cli(cwd, [...args, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
}

const RUN = ['run', 'baseline', 'amazon-2026', ...SMALL, '--format', 'csv,parquet'];

beforeAll(async () => {
  cwd = tempDir();
  db = await DuckDBInstance.create(':memory:');
  await ok([...RUN, '--workers', '1', '--out', 'run1']);
  await ok([...RUN, '--workers', '2', '--out', 'run2']);
  await ok([...RUN, '--workers', '1', '--out', 'run3']);
  await ok(['compare', 'baseline', 'amazon-2026', ...SMALL, '--format', 'parquet', '--out', 'compare']);
  await ok(['sweep', 'amazon-2026', ...SMALL, '--vary', 'audits.rate=0:0.1', '--levels', '2', '--format', 'csv,parquet', '--out', 'sweep']);
  await ok(['sensitivity', 'amazon-2026', ...SMALL, '--vary', 'audits.rate=0:0.1', '--vary', 'reviews.rewardValue=15:60', '--trajectories', '2', '--resamples', '20', '--metrics', 'wasteShare', '--format', 'csv,parquet', '--out', 'sens']);
}, 60_000);

test.each([
  ['run1', 'timeseries'],
  ['compare', 'timeseries'],
  ['compare', 'comparison'],
  ['compare', 'flows'],
  ['sweep', 'sweep'],
  ['sweep', 'sweep-summary'],
  ['sens', 'sweep'],
  ['sens', 'sweep-summary'],
  ['sens', 'sensitivity'],
])('%s/%s.parquet holds the CSV table, cell by cell', async (dir, table) => {
  await expectSameTable(join(cwd, dir, `${table}.csv`), join(cwd, dir, `${table}.parquet`));
});

test('columns are typed: text, int32 indices, float64 numbers, nulls for empty cells', async () => {
  const series = await readParquet(join(cwd, 'run1', 'timeseries.parquet'));
  expect(series.types.slice(0, 5)).toEqual(['VARCHAR', 'INTEGER', 'VARCHAR', 'INTEGER', 'DOUBLE']);
  expect(new Set(series.types.slice(4))).toEqual(new Set(['DOUBLE']));
  const sens = await readParquet(join(cwd, 'sens', 'sensitivity.parquet'));
  expect(sens.types).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE', 'DOUBLE', 'DOUBLE']);
  expect(sens.rows.some((r) => r[6] === null)).toBe(true);
});

test('each parquet file is listed in the manifest with its sha256', () => {
  for (const [dir, names] of [['run1', ['timeseries.parquet']], ['compare', ['timeseries.parquet', 'comparison.parquet', 'flows.parquet']], ['sweep', ['sweep.parquet', 'sweep-summary.parquet']], ['sens', ['sweep.parquet', 'sweep-summary.parquet', 'sensitivity.parquet']]] as const) {
    const manifest = JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
    for (const name of names) expect(manifest.files[name]?.sha256, `${dir}/${name}`).toBe(sha256File(join(cwd, dir, name)));
  }
});

test('the same run gives the same bytes, with one worker or two', () => {
  const bytes = (dir: string) => sha256File(join(cwd, dir, 'timeseries.parquet'));
  expect(bytes('run3')).toBe(bytes('run1'));
  expect(bytes('run2')).toBe(bytes('run1'));
});

test('a table of several row groups is written one group at a time and read back whole', async () => {
  const rows = ROW_GROUP_ROWS * 2 + 17;
  const chunks: Uint8Array[] = [];
  const table = new ParquetStream(typedColumns(['name', 'i', 'x'], ['name'], ['i']), (b) => chunks.push(b));
  for (let i = 0; i < rows; i++) {
    table.add([`r${i % 7}`, i, i % 5 === 0 ? null : i / 3]);
    if (i % 1000 === 0) await table.ready();
  }
  await table.close();
  expect(chunks.length).toBeGreaterThanOrEqual(3);
  const path = join(cwd, 'groups.parquet');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, Buffer.concat(chunks));
  const back = await readParquet(path);
  expect(back.rows.length).toBe(rows);
  expect(back.rows[ROW_GROUP_ROWS + 3]).toEqual([`r${(ROW_GROUP_ROWS + 3) % 7}`, ROW_GROUP_ROWS + 3, (ROW_GROUP_ROWS + 3) / 3]);
  expect(back.rows[ROW_GROUP_ROWS * 2 + 15]).toEqual([`r${(ROW_GROUP_ROWS * 2 + 15) % 7}`, ROW_GROUP_ROWS * 2 + 15, null]);
});

test('a bad --format is refused with exit 2, naming the allowed values, with every other problem', async () => {
  for (const command of [['run', 'baseline'], ['sweep', 'amazon-2026', '--vary', 'audits.rate=0:0.1'], ['sensitivity', 'amazon-2026'], ['compare', 'baseline', 'amazon-2026']]) {
    const r = await cli(cwd, [...command, ...SMALL, '--format', 'csv,xlsx', '--workers', '0', '--out', 'refused']);
    expect(r.status, command.join(' ')).toBe(2);
    expect(r.stderr).toMatch(/--format "csv,xlsx" is not allowed; expected csv, parquet or csv,parquet/);
    expect(r.stderr).toMatch(/--workers/);
  }
});
