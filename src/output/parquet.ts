/**
 * Parquet copies of the CSV tables (`--format parquet`): the same columns in the same order, typed
 * (utf8 text, int32 indices, float64 numbers, null for an empty cell), zstd-compressed.
 *
 *   rows → column buffers (one row group, ROW_GROUP_ROWS rows) → Arrow record batch → parquet writer
 *     → bytes to the file, row group by row group, footer last
 *
 * A table is built row group by row group: at most one row group is held in memory, and a row group
 * is cut every ROW_GROUP_ROWS rows whatever the order the rows' runs finished in, so the same rows are
 * always the same bytes. The CSV stays the file every reader of tokenmaxx's own reads.
 */
import { createRequire } from 'node:module';
import type * as ArrowModule from 'apache-arrow';
import type { Data, Table as ArrowTable } from 'apache-arrow';
import type * as WasmModule from 'parquet-wasm';
import type { Table as WasmTable, WriterProperties } from 'parquet-wasm';

/**
 * The two libraries, loaded on first use: a run without --format parquet does not pay the quarter
 * of a second their loading (and the wasm's instantiation) costs.
 */
let libraries: { arrow: typeof ArrowModule; wasm: typeof WasmModule } | undefined;
function lib(): { arrow: typeof ArrowModule; wasm: typeof WasmModule } {
  if (!libraries) {
    const require = createRequire(import.meta.url);
    libraries = { arrow: require('apache-arrow') as typeof ArrowModule, wasm: require('parquet-wasm') as typeof WasmModule };
  }
  return libraries;
}

/** Rows per row group. */
export const ROW_GROUP_ROWS = 50_000;

/** The type of a column: text, an index (week, replicate, point) or a number. */
export type ColumnType = 'utf8' | 'int32' | 'float64';

/** A column of a table: its name (as in the CSV header) and its type. */
export interface ParquetColumn {
  name: string;
  type: ColumnType;
}

/** A cell: null is an empty cell of the CSV. */
export type Cell = string | number | null;

/** The parquet file beside a CSV file: `timeseries.csv` → `timeseries.parquet`. */
export function parquetName(csvName: string): string {
  return csvName.replace(/\.csv$/, '.parquet');
}

/** Columns named `names`, text for those in `text`, int32 for those in `ints`, float64 for the rest. */
export function typedColumns(names: readonly string[], text: readonly string[], ints: readonly string[] = []): ParquetColumn[] {
  return names.map((name) => ({ name, type: text.includes(name) ? 'utf8' : ints.includes(name) ? 'int32' : 'float64' }));
}

function writerProperties(): WriterProperties {
  const { Compression, WriterPropertiesBuilder } = lib().wasm;
  // Fixed "created by": the bytes must not change with anything but the rows.
  return new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setMaxRowGroupSize(ROW_GROUP_ROWS).setCreatedBy('tokenmaxx').build();
}

/** One row group's columns, preallocated by type; cleared once handed on. */
class RowGroup {
  private readonly numbers: (Float64Array | Int32Array | null)[];
  private readonly valid: (Uint8Array | null)[];
  private readonly texts: ((string | null)[] | null)[];
  rows = 0;

  constructor(private readonly columns: readonly ParquetColumn[]) {
    this.numbers = columns.map((c) => (c.type === 'float64' ? new Float64Array(ROW_GROUP_ROWS) : c.type === 'int32' ? new Int32Array(ROW_GROUP_ROWS) : null));
    this.valid = columns.map((c) => (c.type === 'utf8' ? null : new Uint8Array(ROW_GROUP_ROWS >> 3).fill(0)));
    this.texts = columns.map((c) => (c.type === 'utf8' ? [] : null));
  }

  add(row: readonly Cell[]): void {
    if (row.length !== this.columns.length) throw new Error(`parquet: a row of ${row.length} cells for ${this.columns.length} columns`);
    const i = this.rows++;
    for (let c = 0; c < row.length; c++) {
      const x = row[c];
      const texts = this.texts[c];
      if (texts) texts.push(x === null ? null : String(x));
      else if (x !== null && x !== '') {
        this.numbers[c]![i] = Number(x);
        this.valid[c]![i >> 3] |= 1 << (i & 7);
      }
    }
  }

  /** The rows as an Arrow table of one batch; the group is empty again. */
  take(): ArrowTable {
    const { Field, Float64, Int32, makeData, RecordBatch: ArrowBatch, Schema, Struct, Table, Utf8, vectorFromArray } = lib().arrow;
    const n = this.rows;
    const columns: Data[] = [];
    this.columns.forEach((col, c) => {
      if (col.type === 'utf8') {
        columns.push(vectorFromArray(this.texts[c]!, new Utf8()).data[0]);
        this.texts[c] = [];
        return;
      }
      const bits = this.valid[c]!.slice(0, (n + 7) >> 3);
      const nulls = n - countBits(bits, n);
      const values = this.numbers[c]!.slice(0, n);
      const nullBitmap = nulls > 0 ? bits : undefined;
      columns.push(values instanceof Int32Array ? makeData({ type: new Int32(), length: n, nullCount: nulls, data: values, nullBitmap }) : makeData({ type: new Float64(), length: n, nullCount: nulls, data: values, nullBitmap }));
      this.valid[c]!.fill(0);
      this.numbers[c]!.fill(0);
    });
    this.rows = 0;
    const schema = new Schema(this.columns.map((col, c) => new Field(col.name, columns[c].type, true)));
    return new Table(schema, new ArrowBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children: columns })));
  }
}

function countBits(bits: Uint8Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) count += (bits[i >> 3] >> (i & 7)) & 1;
  return count;
}

/** An Arrow table in the parquet writer's memory. */
function wasmTable(table: ArrowTable): WasmTable {
  return lib().wasm.Table.fromIPCStream(lib().arrow.tableToIPC(table, 'stream'));
}

/**
 * A parquet file written row by row: every ROW_GROUP_ROWS rows a row group is handed to the writer
 * and its bytes to `write`, so memory holds one row group. `ready` waits until the writer has taken
 * what was handed on; `close` writes the last row group and the footer.
 */
export class ParquetStream {
  private readonly group: RowGroup;
  private readonly input: ReadableStream;
  private controller!: ReadableStreamDefaultController;
  private readonly done: Promise<void>;
  private started = false;

  constructor(columns: readonly ParquetColumn[], write: (bytes: Uint8Array) => void) {
    this.group = new RowGroup(columns);
    this.input = new ReadableStream({ start: (c) => void (this.controller = c) }, { highWaterMark: 0 });
    // The writer waits for the first batch (its schema) before it gives its output stream.
    this.done = lib().wasm.transformParquetStream(this.input, writerProperties()).then(async (output: ReadableStream<Uint8Array>) => {
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) write(chunk);
    });
    this.done.catch(() => {});
  }

  /** Adds one row, its cells in column order. */
  add(row: readonly Cell[]): void {
    this.group.add(row);
    if (this.group.rows === ROW_GROUP_ROWS) this.handOn();
  }

  private handOn(): void {
    this.started = true;
    const table = wasmTable(this.group.take());
    for (const batch of table.recordBatches()) this.controller.enqueue(batch);
    // The batches share the table's buffers; freed now, they go with the last batch written, not at
    // some later collection of garbage.
    table.free();
  }

  /** Resolves once the writer has taken every row group handed on (rows added since are kept). */
  async ready(): Promise<void> {
    while ((this.controller.desiredSize ?? 0) < 0) await new Promise((r) => setImmediate(r));
  }

  /** Writes the last row group (an empty table gets one, for its schema) and the footer. */
  async close(): Promise<void> {
    if (this.group.rows > 0 || !this.started) this.handOn();
    this.controller.close();
    await this.done;
  }
}

/** A whole parquet file of `rows`, at once (for small tables). */
export function parquetFile(columns: readonly ParquetColumn[], rows: readonly (readonly Cell[])[]): Uint8Array {
  const group = new RowGroup(columns);
  const tables: ArrowTable[] = [];
  for (const row of rows) {
    group.add(row);
    if (group.rows === ROW_GROUP_ROWS) tables.push(group.take());
  }
  if (group.rows > 0 || tables.length === 0) tables.push(group.take());
  const table = tables.length === 1 ? tables[0] : tables[0].concat(...tables.slice(1));
  return lib().wasm.writeParquet(wasmTable(table), writerProperties());
}

/** The rows of a CSV text tokenmaxx wrote (fields quoted as `csvField` quotes them), header first. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), i++;
        else if (text[i] === '"') break;
        else field += text[i];
      }
    } else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') rows.push([...row, field]), (row = []), (field = '');
    else field += ch;
  }
  return rows;
}

/** The parquet file of a CSV text tokenmaxx wrote, `text` naming its text columns and `ints` its int32 ones; an empty cell is null. */
export function parquetOfCsv(csv: string, text: readonly string[], ints: readonly string[] = []): Uint8Array {
  const [header, ...rows] = csvRows(csv);
  const columns = typedColumns(header, text, ints);
  return parquetFile(columns, rows.map((r) => r.map((x, c) => (x === '' && columns[c].type !== 'utf8' ? null : x))));
}
