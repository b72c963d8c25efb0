import { unwrapHardWrappedLines, wrapWidth } from './hard-wrapped-lines.js';
import type { ParseDeadline } from './parse-deadline.js';
import { NO_DEADLINE } from './parse-deadline.js';

/** A right-hand column starts at least this far in: nearer the margin, a gap is indentation or a list. */
const MIN_COLUMN = 20;
/** Spaces w3m pads a short cell with before the next cell: a sentence holds one or two. */
const MIN_CELL_GAP = 3;
/** Lines padded up to one column that show a page laid out in two columns there. */
const MIN_PADDED_LINES = 4;

/** A cell followed by padding and the next cell: "in Iran unrest            All news". */
const PADDED_CELL = new RegExp(`\\S {${MIN_CELL_GAP},}(?=\\S)`, 'g');

/**
 * Where a text browser set a table's second column beside its first: the column at which most
 * lines, and at least MIN_PADDED_LINES, resume after padding. w3m lays table cells side by side, so a line holds
 * the end of a headline and the start of a sidebar item ("Amnesty. More than 100 protesters killed
 * Home"), and neither reads as a line of its own.
 */
function paddedColumn(lines: readonly string[]): number | null {
  const counts = new Map<number, number>();
  for (const line of lines) {
    for (const match of line.matchAll(PADDED_CELL)) {
      const column = match.index + match[0].length;
      if (column >= MIN_COLUMN) counts.set(column, (counts.get(column) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  for (const [column, count] of counts) if (count >= MIN_PADDED_LINES && (best === null || count > counts.get(best)!)) best = column;
  return best;
}

/** A line that keeps out of the gutter before `column`: it has text on neither side or a space just before it. */
function respectsColumn(line: string, column: number): boolean {
  return line.length <= column - 1 || line[column - 1] === ' ';
}

/**
 * Puts the columns of a two-column layout one after the other: within each run of lines that
 * respect a column boundary, show its padding and hold wrapped prose on the left, the left cells'
 * lines come first, then the right cells', each joined where a wrap broke them (a column is
 * wrapped at its own width).
 * Text without such a layout comes back unchanged.
 */
export function unstackSideBySideColumns(text: string, deadline: ParseDeadline = NO_DEADLINE): string {
  // Most pages have no padded cells: one regex pass decides.
  if (!/\S {3,}\S/.test(text)) return text;
  const lines = text.split('\n').map((line) => line.trimEnd());
  const column = paddedColumn(lines);
  deadline.tick('separating side-by-side columns');
  // One boundary a page: after the first is undone, a third column no longer starts where it did.
  const unstacked = column === null ? null : unstackAt(lines, column);
  return unstacked === null ? text : unstacked.join('\n');
}

/** The lines with each two-column run at `column` unstacked, or null when no run is. */
function unstackAt(lines: readonly string[], column: number): string[] | null {
  const out: string[] = [];
  let unstacked = false;
  let index = 0;
  while (index < lines.length) {
    if (!respectsColumn(lines[index]!, column)) {
      out.push(lines[index]!);
      index++;
      continue;
    }
    let end = index;
    let padded = 0;
    let rightCells = 0;
    while (end < lines.length && respectsColumn(lines[end]!, column)) {
      const line = lines[end]!;
      if (line.length > column) {
        rightCells++;
        if (line.slice(0, column).trim() !== '' && / {3,}$/.test(line.slice(0, column))) padded++;
      }
      end++;
    }
    const run = lines.slice(index, end);
    const left = run.map((line) => line.slice(0, column).trimEnd());
    // Only a column of wrapped prose is cut up by its neighbour: a data table's cells ("1  Kyle
    // Busch  4102") read across, and stay as they are.
    if (padded >= MIN_PADDED_LINES - 1 && rightCells >= MIN_PADDED_LINES && wrapWidth(left) !== null) {
      const right = run.map((line) => line.slice(column));
      out.push(unwrapHardWrappedLines(left.join('\n')), '', unwrapHardWrappedLines(right.join('\n')));
      unstacked = true;
    } else out.push(...run);
    index = end;
  }
  return unstacked ? out.join('\n').split('\n') : null;
}
