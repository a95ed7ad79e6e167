"""The `.scene` editor: a TextArea with scene highlighting, line numbers,
the spans of diagnostics marked in place, indentation kept as you type
(`scenec.tui.indentation`: Enter keeps the line's indentation, one level
deeper after `{`, and `}` on a blank line dedents it, each one undo step),
and the keys of the completion menu while it is open.

Highlights come from `scenec.tui.highlight` (the grammar's token stream, each
line lexed again only when it changed) instead of tree-sitter, and
diagnostic spans are added as highlights of their own (`scenec.error`,
`scenec.warning`) that the registered `scenec` theme underlines.

A keystroke costs the lines it touched, not the file: an edit re-highlights
the rows it replaced (and the rows after them only while whether a row starts
inside a block comment changes), and drops only those rows' painted strips
from TextArea's line cache, so the repaint after it renders the edited line
and takes every other visible line from the cache. The highlight map TextArea
reads (`_highlights[row]`) is a view over those per-row ranges and the
diagnostic marks, built when a row is painted. Nothing else a key does
grows with the file: the document's text is joined once per edit, not at
every read (TextArea reads it for each line it paints), and typing past the
right edge moves the view a third of its width at a time rather than a
column per key, since every sideways scroll repaints every visible line.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea
from textual.document._edit import Edit, EditResult
from textual.document._document import Document
from textual.geometry import Offset, Region, Size, Spacing
from textual.reactive import Reactive, reactive
from textual.widgets.text_area import Selection, TextAreaTheme

from scenec.lang.diagnostics import Diagnostic
from scenec.tui.highlight import LineHighlighter
from scenec.tui.indentation import closing_brace, new_line

THEME_NAME = "scenec"


def _theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("vscode_dark")
    assert base is not None
    styles = dict(base.syntax_styles)
    styles.update({
        "variable": Style(color="#9cdcfe"),
        "constant": Style(color="#d7ba7d"),
        "scenec.error": Style(color="#ffffff", bgcolor="#8b1a1a", underline=True),
        "scenec.warning": Style(color="#ffe08a", underline=True),
        "scenec.lex-error": Style(color="#f44747", bold=True),
    })
    return replace(base, name=THEME_NAME, syntax_styles=styles)


class _CountedWrap(WrappedDocument):
    """Textual's wrapped document, with its height read in O(1).

    TextArea asks for the height once per line it paints, and Textual sums
    every line's wrap offsets for it: on a 2,000-line file that sum is most of
    a keystroke's echo. The wrapped document keeps one entry per visual line
    in `_offset_to_line_info`, so its length is the same number."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class _KeptText(Document):
    """Textual's document, with its text joined once per edit instead of once per read.

    TextArea reads `text` each time it paints a line (to show a placeholder when it is empty),
    and the app reads it after each key: on a 2,000-line file each read joins every line."""

    _kept: str | None = None

    @property
    def text(self) -> str:
        if self._kept is None:
            self._kept = super().text
        return self._kept

    def replace_range(self, start, end, text: str) -> EditResult:
        self._kept = None
        return super().replace_range(start, end, text)


class SceneEditor(TextArea):
    """Edits one buffer's text; the app swaps text in when buffers change."""

    DEFAULT_CSS = """
    SceneEditor { border: none; }
    """

    # TextArea repaints every visible line when the cursor moves; here the rows the cursor and
    # selection left and entered are repainted (`_watch_selection`), and an edit its rows.
    selection: Reactive[Selection] = reactive(Selection(), init=False, always_update=True, repaint=False)

    def __init__(self, text: str = "", **kwargs) -> None:
        # Set before TextArea.__init__, which builds the highlight map.
        self._marks: tuple[tuple[int, int, int, int, str], ...] = ()  # 0-based rows/cols and kind
        self._highlighter = LineHighlighter()
        self._ranges: list[list] = []  # per row: its syntax highlight ranges
        self._starts: list[bool] = []  # per row: whether it starts inside a block comment
        self._edit_rows: tuple[int, int, int] | None = None  # the edit under way: top, bottom, old line count
        self._gutter = -1
        self._widths: list[int] = []  # per row: its width in cells, for the scrollable width
        self._bracket_row: int | None = None  # the row of the bracket matching the cursor's, marked
        self.menu = None  # the app's CompletionMenu: while it is open, it steers with the arrows and Enter
        super().__init__(text, soft_wrap=False, show_line_numbers=True, tab_behavior="indent", **kwargs)
        self.indent_width = 2  # Tab indents a level as `scenec fmt` writes it
        self.register_theme(_theme())
        self.theme = THEME_NAME

    async def _on_key(self, event: events.Key) -> None:
        menu = self.menu
        if menu is not None and menu.is_open:
            if menu.steer(event.key):
                event.stop()
                event.prevent_default()
                return
            menu.close()
        retyped = event.key == "enter" or event.character == "}"
        if retyped and not self.read_only and self._retype(event.key == "enter"):
            event.stop()
            event.prevent_default()
            self._restart_blink()
            return
        await super()._on_key(event)

    def _retype(self, enter: bool) -> bool:
        """Enter with its indentation, or a `}` that dedents its blank line (`indentation`), as one
        edit that one undo takes back; False when the key is to be typed as it is."""
        start, end = sorted(self.selection)
        before = self.document.get_line(start[0])[:start[1]]
        after = self.document.get_line(end[0])[end[1]:]
        if enter:
            in_comment = self._starts[start[0]] if start[0] < len(self._starts) else False
            change = new_line(before, after, in_comment)
        elif start != end or (change := closing_brace(before, after)) is None:
            return False
        first = start[1] - change.drop_before
        self.history.checkpoint()  # an edit of its own, whatever was typed just before
        self.replace(change.text, (start[0], first), (end[0], end[1] + change.drop_after),
                     maintain_selection_offset=False)
        self.history.checkpoint()
        self.selection = Selection.cursor((start[0] + change.rows, change.column + (0 if change.rows else first)))
        return True

    def _watch_selection(self, previous: Selection, selection: Selection) -> None:
        super()._watch_selection(previous, selection)
        if not self.is_mounted:
            return
        bracket = self._matching_bracket_location
        rows = {previous.start[0], previous.end[0], selection.start[0], selection.end[0]}
        rows |= {r for r in (self._bracket_row, bracket[0] if bracket else None) if r is not None}
        self._bracket_row = bracket[0] if bracket else None
        self.refresh_lines(min(rows), max(rows) - min(rows) + 1)

    def _refresh_size(self) -> None:
        # TextArea measures every line for the width; the widths of the rows are kept per edit here.
        if self.soft_wrap or len(self._widths) != self.document.line_count:
            super()._refresh_size()
            return
        width, view = max(self._widths, default=0) + self.gutter_width + 1, self.scrollable_content_region.width
        if width > view > 0:  # grown in jumps (`scroll_cursor_visible`), so the view can move a jump ahead
            jump = self._side_jump()
            width = view + -(-(width - view) // jump) * jump
        self.virtual_size = Size(width, len(self._widths))
        self._refresh_scrollbars()

    def edit(self, edit: Edit) -> EditResult:
        # TextArea.edit rebuilds the highlight map before it returns: tell that rebuild which rows changed.
        self._edit_rows = (edit.top[0], edit.bottom[0], self.document.line_count)
        try:
            result = super().edit(edit)
        finally:
            self._edit_rows = None
        self.scroll_cursor_visible()  # TextArea scrolled before the edit widened the text: a jump may be due
        return result

    @property
    def wrapped_document(self) -> WrappedDocument:
        return self._wrapped

    @wrapped_document.setter
    def wrapped_document(self, document: WrappedDocument) -> None:
        if type(document) is WrappedDocument:  # TextArea makes a new one with each new text
            document.__class__ = _CountedWrap
        if type(document.document) is Document:
            document.document.__class__ = _KeptText
        self._wrapped = document

    def _side_jump(self) -> int:
        """How far the view moves sideways when the cursor leaves it: a third of its width."""
        return max(8, (self.scrollable_content_region.width - self.gutter_width) // 3)

    def scroll_cursor_visible(self, center: bool = False, animate: bool = False) -> Offset:
        # TextArea scrolls one column per key typed past the right edge, and a scroll repaints every
        # visible line; a jump of a third of the width repaints them once per third.
        if center or self.soft_wrap or not self._has_cursor:
            return super().scroll_cursor_visible(center, animate)
        self._recompute_cursor_offset()
        x, y = self._cursor_offset
        left, width = self.scroll_offset.x, self.scrollable_content_region.width - self.gutter_width
        if x + 3 > left + width:
            region = Region(x, y, 3 + self._side_jump(), 1)
        elif x < left:
            region = Region(max(0, x - self._side_jump()), y, 3, 1)
        else:
            region = Region(x, y, 3, 1)
        return self.scroll_to_region(region, spacing=Spacing(right=self.gutter_width), animate=animate, force=True)

    def mark_diagnostics(self, diagnostics: tuple[Diagnostic, ...], file: str) -> None:
        """Mark the spans of the diagnostics that belong to this buffer's `file`."""
        marks = []
        for diagnostic in diagnostics:
            span = diagnostic.span
            if span is None or span.file != file:
                continue
            kind = "scenec.error" if diagnostic.is_error else "scenec.warning"
            end_line, end_column = span.end_line, span.end_column
            if (end_line, end_column) <= (span.line, span.column):  # an empty span: mark one character
                end_line, end_column = span.line, span.column + 1
            marks.append((span.line - 1, span.column - 1, end_line - 1, end_column - 1, kind))
        marks_tuple = tuple(marks)
        if marks_tuple != self._marks:
            self._marks = marks_tuple
            self._build_highlight_map()
            self.refresh()

    @property
    def marks(self) -> tuple[tuple[int, int, int, int, str], ...]:
        return self._marks

    def _build_highlight_map(self) -> None:
        """Highlight the rows an edit replaced (every row after a new text, undo or redo)."""
        edit, self._edit_rows = self._edit_rows, None
        lines = self.document.lines
        if not isinstance(self._highlights, _RowHighlights):
            self._highlights = _RowHighlights(self)
        gutter = self.gutter_width
        if edit is None or len(self._ranges) != edit[2] or gutter != self._gutter:
            self._gutter = gutter
            self._line_cache.clear()
            self._ranges, self._starts = [[]] * len(lines), [False] * len(lines)
            self._widths = [0] * len(lines)
            self._rehighlight(lines, 0, len(lines))
            self.refresh()
            return
        top, bottom, old_count = edit
        grown = len(lines) - old_count
        self._ranges[top:bottom + 1] = [[]] * (bottom + 1 - top + grown)
        self._starts[top:bottom + 1] = [False] * (bottom + 1 - top + grown)
        self._widths[top:bottom + 1] = [0] * (bottom + 1 - top + grown)
        last = self._rehighlight(lines, top, bottom + grown + 1)
        # Only the changed rows' painted strips go; rows below a line added or removed all moved.
        rows = range(top, max(len(lines), old_count) + 1) if grown else range(top, last)
        for key in [k for k in self._line_cache.keys() if k[2] in rows]:
            self._line_cache.discard(key)
        self.refresh_lines(rows.start, len(rows))

    def _rehighlight(self, lines, first: int, end: int) -> int:
        """Highlight the rows from `first` to `end`, then on while a row's start inside or outside
        a block comment is not what it was; the row after the last one highlighted."""
        in_comment = self._after(first - 1) if first else False
        row = first
        while row < len(lines):
            if row >= end and self._starts[row] == in_comment:
                break  # from here on every row is as it was
            self._ranges[row], after = self._highlighter.line(lines[row], in_comment)
            self._starts[row] = in_comment
            self._widths[row] = cell_len(lines[row].expandtabs(self.indent_width))
            in_comment = after
            row += 1
        return row

    def _after(self, row: int) -> bool:
        """Whether the row after `row` starts inside a block comment."""
        return self._highlighter.line(self.document.get_line(row), self._starts[row])[1]

    def _row_highlights(self, row: int) -> list:
        ranges = list(self._ranges[row]) if row < len(self._ranges) else []
        for first, column, last, end_column, kind in self._marks:
            if not first <= row <= last:
                continue
            line = self.document.get_line(row)
            start = column if row == first else 0
            end = end_column if row == last else len(line)
            if start >= len(line):  # past the end (a missing `}` at EOF): mark the last character
                start, end = max(0, len(line) - 1), max(1, len(line))
                if not line:
                    continue
            ranges.append((_byte(line, start), _byte(line, min(end, len(line))), kind))
        return ranges


class _RowHighlights:
    """What TextArea reads as its highlight map: `[row]` gives that row's ranges, made when it is painted."""

    __slots__ = ("_editor",)

    def __init__(self, editor: SceneEditor) -> None:
        self._editor = editor

    def __bool__(self) -> bool:
        return True

    def __getitem__(self, row: int) -> list:
        return self._editor._row_highlights(row)

    def clear(self) -> None:
        pass


def _byte(line: str, column: int) -> int:
    return len(line[:column].encode("utf-8"))
