// Reads CSV as spreadsheets and CRMs export it (RFC 4180): quoted fields with doubled quotes and line breaks, CRLF or
// LF, a byte-order mark, and a comma, semicolon or tab as the separator (the one the header line uses most).
// Written here because no CSV library is among the project's dependencies.
export type CsvTable = { header: string[]; rows: { line: number; cells: string[] }[] };

export class CsvError extends Error {}

/** The separator the header line uses most, outside quotes. */
export function detectSeparator(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

/** Parses a CSV text; `line` is the line a row starts on in the file (the header is line 1). Blank lines are skipped. */
export function parseCsv(input: string, separator = detectSeparator(input.replace(/^\uFEFF/, ''))): CsvTable {
  const text = input.replace(/^\uFEFF/, '');
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
    i++;
  }
  if (quoted) throw new CsvError(`a quoted field opened on line ${start} is never closed`);
  if (cell !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  if (!head) throw new CsvError('the file is empty');
  return { header: head.cells.map((h) => h.trim()), rows };
}

/** One CSV line: fields quoted when they hold the separator, a quote or a line break. */
export function csvLine(values: readonly (string | number | null | undefined)[], separator = ','): string {
  return values
    .map((v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\r\n;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(separator);
}
