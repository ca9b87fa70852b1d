// Multi-row INSERTs of staged rows held as columns. Plain JavaScript: shared by the import stage
// (src/repos/import-staging.ts) and its staging thread (import-staging-thread.mjs), which starts
// as plain Node, without the TypeScript loader. Types: staging-rows.d.mts.

/** Rows per multi-row INSERT: binding 8 × 128 values at once beats 128 one-row statements. */
export const ROWS_PER_STATEMENT = 128;

/** Multi-row INSERT statements for `rows` rows, prepared once each; `suffix` ends every row's values. */
export function statementCache(sqlite, insert, columnCount, suffix = '') {
  const tuple = `(${Array(columnCount).fill('?').join(', ')}${suffix})`;
  const prepared = new Map();
  return (rows) => {
    let statement = prepared.get(rows);
    if (!statement) prepared.set(rows, (statement = sqlite.prepare(`${insert} VALUES ${Array(rows).fill(tuple).join(', ')}`)));
    return statement;
  };
}

/** Inserts the rows of `chunks` (text columns as arrays, number columns as Float64Array with NaN for null). */
export function insertRows(statement, columnCount, chunks) {
  const params = new Array(columnCount * ROWS_PER_STATEMENT);
  for (const { count, columns } of chunks) {
    let row = 0;
    for (; row + ROWS_PER_STATEMENT <= count; row += ROWS_PER_STATEMENT) {
      // Column by column: each loop reads one kind of array.
      for (let c = 0; c < columnCount; c++) {
        const column = columns[c];
        if (column instanceof Float64Array) {
          for (let r = 0; r < ROWS_PER_STATEMENT; r++) {
            const value = column[row + r];
            params[r * columnCount + c] = value !== value ? null : value; // NaN: a null number
          }
        } else {
          for (let r = 0; r < ROWS_PER_STATEMENT; r++) params[r * columnCount + c] = column[row + r];
        }
      }
      statement(ROWS_PER_STATEMENT).run(params);
    }
    if (row < count) {
      const rest = count - row;
      const values = new Array(rest * columnCount);
      for (let r = 0; r < rest; r++) {
        for (let c = 0; c < columnCount; c++) {
          const value = columns[c][row + r];
          values[r * columnCount + c] = value !== value ? null : value;
        }
      }
      statement(rest).run(values);
    }
  }
}

/**
 * A chunk as sent to the staging thread: each text column as its runs (the value of each run, and
 * each row's run), since consecutive rows repeat their invoice, customer and country as the same
 * string. Copying a value between threads costs far more than noting that it repeats. Number columns
 * are moved as they are (`transfer`: the buffers to move).
 */
export function packChunk({ count, columns }) {
  const transfer = [];
  const packed = columns.map((column) => {
    if (column instanceof Float64Array) {
      transfer.push(column.buffer);
      return column;
    }
    const values = [];
    const runs = new Int32Array(count);
    let last;
    for (let r = 0; r < count; r++) {
      const value = column[r];
      if (r === 0 || value !== last) values.push((last = value));
      runs[r] = values.length - 1;
    }
    transfer.push(runs.buffer);
    return { values, runs };
  });
  return { chunk: { count, columns: packed }, transfer };
}

/** The chunk `packChunk` packed. */
export function unpackChunk({ count, columns }) {
  return {
    count,
    columns: columns.map((column) => {
      if (column instanceof Float64Array) return column;
      const { values, runs } = column;
      const texts = new Array(count);
      for (let r = 0; r < count; r++) texts[r] = values[runs[r]];
      return texts;
    }),
  };
}
