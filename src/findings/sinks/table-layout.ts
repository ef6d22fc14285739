/**
 * Column widths for a terminal table that fits a given width: every column starts at its ideal
 * width; when the line is too long, columns give up room in their shrink order down to their
 * minimum, and the last (flex) column, the matched evidence, keeps the rest, so it has the most room.
 * Also the wrapping of a cell for `--full`.
 */
export interface ColumnSpec {
  ideal: number;
  min: number;
  /** Lower gives up room first. */
  shrinkOrder: number;
}

/**
 * Widths for `fixed` columns followed by one flex column, separated by one space each, in `total`
 * characters. The flex column gets at least `flexMin` and, when the others can shrink, two
 * fifths of the line.
 */
export function layoutColumns(total: number, fixed: readonly ColumnSpec[], flexMin: number): { widths: number[]; flex: number } {
  const widths = fixed.map((c) => c.ideal);
  const separators = fixed.length;
  const used = (): number => widths.reduce((a, b) => a + b, 0) + separators;
  const wanted = Math.max(flexMin, Math.floor((total * 2) / 5));
  const order = fixed.map((c, i) => ({ c, i })).sort((a, b) => a.c.shrinkOrder - b.c.shrinkOrder);
  for (const { c, i } of order) {
    const missing = wanted - (total - used());
    if (missing <= 0) break;
    widths[i] = Math.max(c.min, widths[i]! - missing);
  }
  return { widths, flex: Math.max(flexMin, total - used()) };
}

/** A cell's text in lines of at most `width` characters (hard breaks; a word boundary when one is near). */
export function wrapCell(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut < width / 2) cut = width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}
