"""Checks of a laid-out document's page flow (WeasyPrint's pages, as lib.pdf.lay_out
gives them), robust to small changes of layout: no table leaves a single row of its
body on a page, no page ends with a heading."""


def lonely_rows(document) -> list[tuple[int, str]]:
    """(page number, text of the row) for each page that holds a single row of a
    table's body (a row of several in all, not counting a repeated head)."""
    from weasyprint.formatting_structure import boxes

    fragments: dict[object, list[tuple[int, list]]] = {}
    for number, page in enumerate(document.pages, start=1):
        for table in page._page_box.descendants():
            if not isinstance(table, boxes.TableBox):
                continue
            rows = [
                row
                for group in table.children
                if isinstance(group, boxes.TableRowGroupBox) and not group.is_header
                for row in group.children
            ]
            fragments.setdefault(table.element, []).append((number, rows))
    found = []
    for parts in fragments.values():
        if len(parts) < 2:
            continue
        for number, rows in parts:
            if len(rows) == 1:
                found.append((number, _text(rows[0])))
    return found


def headings_at_the_foot(document) -> list[tuple[int, str]]:
    """(page number, text) for each page whose last line is a heading's."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        lines = list(_lines(page._page_box))
        if lines and {"h1", "h2", "h3", "h4"} & set(lines[-1][0]):
            found.append((number, _text(lines[-1][1])))
    return found


def _lines(box, tags=()):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    tags = (*tags, getattr(box, "element_tag", None))
    if isinstance(box, boxes.LineBox):
        yield tags, box
        return
    for child in getattr(box, "children", []):
        yield from _lines(child, tags)


def _text(box) -> str:
    from weasyprint.formatting_structure import boxes

    return " ".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))[:80]
