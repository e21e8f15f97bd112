// The workbook view: one sheet as an HTML table the way Excel draws it — column letters and row
// numbers, merged areas as real merged cells, values through their number formats, the cell's own
// fill, the add-in's marks (its conditional-format overlays) on top, the selection outlined.
// All cell text is rendered as text (React escapes it), never as HTML or links.
import * as React from 'react';
import { cellA1, cellKey, colLetters, parseRect, type HostRect, type HostSheet } from '../host/model';
import { columnWidth } from './from-exceljs';
import { formatCellValue } from './number-format';
import { MARK_COLORS } from '../excel/marks';
import { marksOf, type PreviewSession } from './session';
import { SEVERITY_LABEL } from '../present';

/** Rows/columns beyond these are not drawn (the host still holds them). */
export const MAX_GRID_ROWS = 2000;
export const MAX_GRID_COLS = 100;

/** Excel shows error values and booleans centred. */
const ERROR_VALUE = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!)$/;

function extent(session: PreviewSession, sheet: HostSheet): { rows: number; cols: number } {
  const wb = session.workbook;
  let bottom = -1;
  let right = -1;
  const grow = (r: HostRect) => {
    bottom = Math.max(bottom, r.bottom);
    right = Math.max(right, r.right);
  };
  const used = wb.usedRect(sheet, false);
  if (used) grow(used);
  for (const cf of sheet.conditionalFormats) if (cf.range.bottom < 1_000_000 && cf.range.right < 16_000) grow(cf.range);
  const sel = parseRect(sheet.selection);
  if (sel) grow(sel);
  // A little empty space around the content, as a sheet has.
  return { rows: Math.max(bottom + 3, 20), cols: Math.max(right + 2, 8) };
}

interface GridProps {
  session: PreviewSession;
  sheet: HostSheet;
  /** Re-render trigger: the session's version. */
  version: number;
}

export function Grid({ session, sheet, version }: GridProps) {
  const [editing, setEditing] = React.useState<{ address: string; text: string } | null>(null);
  const [editError, setEditError] = React.useState<string | null>(null);
  const scroller = React.useRef<HTMLDivElement>(null);

  const model = React.useMemo(() => {
    const { rows: allRows, cols: allCols } = extent(session, sheet);
    const rows = Math.min(allRows, MAX_GRID_ROWS);
    const cols = Math.min(allCols, MAX_GRID_COLS);
    const anchors = new Map<number, HostRect>();
    const covered = new Set<number>();
    for (const m of sheet.merges) {
      anchors.set(cellKey(m.top, m.left), m);
      for (let r = m.top; r <= Math.min(m.bottom, rows - 1); r++) {
        for (let c = m.left; c <= Math.min(m.right, cols - 1); c++) if (r !== m.top || c !== m.left) covered.add(cellKey(r, c));
      }
    }
    return { rows, cols, clipped: allRows > rows || allCols > cols, anchors, covered, marks: marksOf(sheet), selection: parseRect(sheet.selection) };
    // `version` stands for every change to the mutable host model.
  }, [session, sheet, version]);

  // Follow the selection when the pane moves it (定位 to a finding).
  React.useEffect(() => {
    const sel = model.selection;
    if (!sel) return;
    const box = scroller.current;
    const el = box?.querySelector<HTMLElement>('td.selected');
    if (!box || !el) return;
    // Scroll only when the cell's top-left corner is out of view, and not under the sticky headers
    // (scrollIntoView knows neither, and shifts wide merged titles sideways).
    const view = box.getBoundingClientRect();
    const cell = el.getBoundingClientRect();
    const headW = box.querySelector('th.rowhead')?.getBoundingClientRect().width ?? 0;
    const headH = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const left = view.left + headW;
    const top = view.top + headH;
    const inX = cell.left >= left - 1 && cell.left < view.left + box.clientWidth - 20;
    const inY = cell.top >= top - 1 && cell.top < view.top + box.clientHeight - 20;
    if (!inX) box.scrollLeft = Math.max(0, box.scrollLeft + cell.left - left - 64);
    if (!inY) box.scrollTop = Math.max(0, box.scrollTop + cell.top - top - 40);
  }, [model.selection?.top, model.selection?.left, sheet.name]);

  const commit = async () => {
    if (!editing) return;
    const { address, text } = editing;
    setEditing(null);
    setEditError(await session.editCell(sheet.name, address, text));
  };

  const wb = session.workbook;
  const layout = session.layout.get(sheet.name);
  const sel = model.selection;
  const body: React.ReactNode[] = [];
  for (let r = 0; r < model.rows; r++) {
    const tds: React.ReactNode[] = [
      <th key="h" scope="row" className="rowhead">
        {r + 1}
      </th>,
    ];
    for (let c = 0; c < model.cols; c++) {
      const key = cellKey(r, c);
      if (model.covered.has(key)) continue;
      const merge = model.anchors.get(key);
      const address = cellA1(r, c);
      const cell = sheet.cells.get(key);
      const value = wb.valueAt(sheet, r, c);
      const text = formatCellValue(value, wb.numberFormatAt(sheet, r, c));
      const mark = model.marks.get(key);
      // A merged cell is selected when the selection touches any part of it, as Excel draws it.
      const area = merge ?? { top: r, left: c, bottom: r, right: c };
      const selected = sel !== null && area.top <= sel.bottom && sel.top <= area.bottom && area.left <= sel.right && sel.left <= area.right;
      const style: React.CSSProperties = {};
      // A conditional format's fill paints over the cell's own fill, as in Excel.
      const background = mark?.fill ?? cell?.fill;
      if (background) style.backgroundColor = background;
      const classes = ['cell'];
      if (typeof value === 'number') classes.push('num');
      else if (typeof value === 'boolean' || (typeof value === 'string' && ERROR_VALUE.test(value))) classes.push('center');
      if (mark) classes.push(`mark-${mark.severity}`);
      if (selected) classes.push('selected');
      const note = sheet.notes.get(address)?.content;
      if (note !== undefined) classes.push('has-note');
      const isEditing = editing?.address === address;
      tds.push(
        <td
          key={c}
          data-addr={address}
          data-mark={mark?.severity}
          aria-selected={selected || undefined}
          title={[mark ? `加载项标记：${SEVERITY_LABEL[mark.severity]}` : '', note ?? ''].filter(Boolean).join('\n') || undefined}
          className={classes.join(' ')}
          style={style}
          rowSpan={merge ? Math.min(merge.bottom, model.rows - 1) - merge.top + 1 : undefined}
          colSpan={merge ? Math.min(merge.right, model.cols - 1) - merge.left + 1 : undefined}
          onClick={() => session.selectCell(sheet.name, merge ? `${cellA1(merge.top, merge.left)}:${cellA1(merge.bottom, merge.right)}` : address)}
          onDoubleClick={() => {
            setEditError(null);
            setEditing({ address, text: cell?.formula ?? (value === '' ? '' : String(value)) });
          }}
        >
          {isEditing ? (
            <input
              className="editor"
              autoFocus
              aria-label={`编辑 ${address}`}
              value={editing.text}
              onChange={(e) => setEditing({ address, text: e.target.value })}
              onBlur={() => setEditing(null)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void commit();
                if (e.key === 'Escape') setEditing(null);
              }}
            />
          ) : (
            text
          )}
        </td>,
      );
    }
    body.push(<tr key={r}>{tds}</tr>);
  }

  const cols: React.ReactNode[] = [<col key="h" style={{ width: 44 }} />];
  const heads: React.ReactNode[] = [<th key="corner" className="corner" />];
  for (let c = 0; c < model.cols; c++) {
    // A width set through the Office API (points, e.g. by the 模板 insert) wins over the file's.
    const set = sheet.columnWidths.get(c);
    cols.push(<col key={c} style={{ width: set !== undefined ? Math.round((set * 4) / 3) : columnWidth(layout, c) }} />);
    heads.push(
      <th key={c} scope="col" className={sel && c >= sel.left && c <= sel.right ? 'colhead active' : 'colhead'}>
        {colLetters(c)}
      </th>,
    );
  }

  return (
    <div className="grid-wrap">
      {editError && (
        <p className="notice" role="alert">
          {editError}
        </p>
      )}
      {model.clipped && (
        <p className="notice">
          只显示前 {model.rows} 行、{model.cols} 列；检查仍覆盖整张工作表。
        </p>
      )}
      <div className="grid-scroll" ref={scroller}>
        <table className="grid" aria-label={`工作表 ${sheet.name}`}>
          <colgroup>{cols}</colgroup>
          <thead>
            <tr>{heads}</tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
      <p className="hint">单击选中单元格，双击编辑（预览不计算公式）。标记颜色：</p>
      <ul className="legend" aria-label="标记颜色">
        {(['error', 'warning', 'info'] as const).map((k) => (
          <li key={k}>
            <span className="swatch" style={{ backgroundColor: MARK_COLORS[k] }} /> {SEVERITY_LABEL[k]}
          </li>
        ))}
      </ul>
    </div>
  );
}
