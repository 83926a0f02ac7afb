"""Tagged PDF (PDF/UA-1): what a screen reader reads of a page, and in what order.

ReportLab writes no tags, so cardgen marks its own content as it draws it. Every
piece of a page is either marked content tied to an element of the structure tree
(`begin` ... `end`: `/P <</MCID 3>> BDC ... EMC`) or an artifact (`artifact` ...
`end`: crop marks, colour bands, backs, page furniture), and `finish` writes the tree
into the document before ReportLab saves it: the structure tree root, the parent tree
(which element each marked sequence of each page or form belongs to), the pages' and
forms' `/StructParents`, `/MarkInfo`, the document's language, its title shown as the
window title, and XMP metadata that says PDF/UA-1.

The tree's order is the reading order, whatever the drawing order: a card sheet draws
fronts in slot order and a booklet draws its pages in sheet order, but each adds its
elements to the tree in deck order (`add`). Content drawn inside a form (a booklet
page, a sheet's fronts) is marked the same way: the form gets its own
`/StructParents` and its sequences are referenced with the page it was placed on
(`placed`). A form placed many times (a stamp: bands, backs, crop marks) holds no
marked content: its use is an artifact.

The elements are written after ReportLab's objects, in tree order (`_Writer`): the
bytes depend only on what was drawn, so the same deck gives the same file.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    xObjectName,
)

from cardgen.render.xmp import metadata

# Where a marked sequence is drawn: ("page", page number) or ("form", the form's name).
Stream = tuple[str, "int | str"]


@dataclass(eq=False, slots=True)
class Element:
    """One node of the structure tree: its standard structure type (`tag`: Sect, H, P,
    Figure, Link ...), its children in reading order (elements, marked sequences and
    annotations), its language where it differs from its parent's, a figure's
    alternative text, and what a reader should say instead of the glyphs (`actual`)."""

    tag: str
    parent: Element | None = None
    lang: str | None = None
    alt: str | None = None
    actual: str | None = None
    kids: list[Element | _Marked | _Annotation] = field(default_factory=list)


class _Marked(NamedTuple):
    """A marked-content sequence: its stream and its MCID there (a named tuple: a card
    has several, made a few times faster than frozen dataclasses)."""

    stream: Stream
    mcid: int


class _Annotation(NamedTuple):
    """An annotation (a link) belonging to an element: its internal name and page."""

    name: str
    page: int


class Tags:
    """The structure of one PDF under way on `canvas`, in the document's `language`
    (a BCP 47 tag), titled `title`. Attached to the canvas: `Tags.of(canvas)`."""

    def __init__(self, canvas, language: str, title: str):
        self.canvas = canvas
        self.language = language
        self.title = title
        self.document = Element("Document")
        self._next: dict[Stream, int] = {}  # the next MCID of each stream
        self._owners: dict[Stream, list[Element]] = {}  # each MCID's element, per stream
        self._annotations: list[tuple[_Annotation, Element]] = []
        self._form_pages: dict[str, int] = {}  # the page each form was placed on
        self._open = 0
        canvas.tags = self

    @staticmethod
    def of(canvas) -> Tags:
        """The structure of the PDF drawn on `canvas`."""
        return canvas.tags

    @staticmethod
    def finish_of(canvas) -> None:
        """`finish` the structure of the PDF drawn on `canvas`, if it is tagged."""
        tags = getattr(canvas, "tags", None)
        if tags is not None:
            tags.finish()

    # --- the tree ------------------------------------------------------------

    def add(self, tag: str, parent: Element | None = None, *, lang: str | None = None,
            alt: str | None = None, actual: str | None = None) -> Element:
        """A new element, the last child of `parent` (the document when None)."""
        parent = parent or self.document
        if lang is not None and lang == self._language_of(parent):
            lang = None  # said once, where it changes
        element = Element(tag, parent, lang, alt, actual)
        parent.kids.append(element)
        return element

    def _language_of(self, element: Element | None) -> str:
        while element is not None:
            if element.lang:
                return element.lang
            element = element.parent
        return self.language

    # --- marking what is drawn ------------------------------------------------

    def _stream(self) -> Stream:
        form = self.canvas._formData
        if form is not None:
            return ("form", form[0])
        return ("page", self.canvas._doc.pageCounter)

    def begin(self, element: Element, code: list[str] | None = None,
              actual: str | None = None) -> None:
        """Start the content of `element` in the stream being drawn (or in `code`, a text
        object's operators); `actual` is what a reader says for it (a hyphenated word
        whole, right-to-left text in reading order)."""
        stream = self._stream()
        mcid = self._next.get(stream, 0)
        self._next[stream] = mcid + 1
        self._owners.setdefault(stream, []).append(element)
        element.kids.append(_Marked(stream, mcid))
        said = f"/ActualText {_text(actual)} " if actual is not None else ""
        (self.canvas._code if code is None else code).append(
            f"/{element.tag} <</MCID {mcid} {said}>> BDC")
        self._open += 1

    def end(self, code: list[str] | None = None) -> None:
        """End the sequence begun last (content or artifact)."""
        (self.canvas._code if code is None else code).append("EMC")
        self._open -= 1

    def artifact(self, code: list[str] | None = None, kind: str | None = None) -> None:
        """Start decoration a reader skips: crop marks, bands, backs ("Layout" or
        "Pagination" for page furniture such as card numbers)."""
        properties = f"<</Type /{kind}>> BDC" if kind else "BMC"
        (self.canvas._code if code is None else code).append(f"/Artifact {properties}")
        self._open += 1

    @contextmanager
    def marked(self, element: Element, actual: str | None = None) -> Iterator[None]:
        """`begin` and `end` around a block of drawing."""
        self.begin(element, actual=actual)
        try:
            yield
        finally:
            self.end()

    @contextmanager
    def decoration(self, kind: str | None = None) -> Iterator[None]:
        """`artifact` and `end` around a block of drawing."""
        self.artifact(kind=kind)
        try:
            yield
        finally:
            self.end()

    def placed(self, form: str) -> None:
        """Note that the form `form` (its marked content) was placed on the current page."""
        self._form_pages.setdefault(form, self.canvas._doc.pageCounter)

    def link(self, element: Element, url: str, rect: tuple[float, float, float, float],
             description: str) -> None:
        """A link annotation to `url` over `rect` (page space) on the current page, read
        as `description` and tied to `element` (a Link) in the tree."""
        canvas = self.canvas
        key = len(self._annotations)
        canvas.linkURL(url, rect, relative=0, thickness=0,
                       Contents=PDFString(description), StructParent=_ANNOTATION_KEYS + key)
        name = canvas._doc.annotationName(f"NUMBER{canvas._annotationCount}")
        mark = _Annotation(name, canvas._doc.pageCounter)
        element.kids.append(mark)
        self._annotations.append((mark, element))

    # --- writing the tree -----------------------------------------------------

    def finish(self) -> None:
        """Give the document its accessibility entries and have the tree written with it;
        call just before `canvas.save()`, after the last `showPage`."""
        assert self._open == 0, "every marked sequence is ended"
        doc = self.canvas._doc
        pages = doc.Pages.pages
        streams = sorted(self._owners, key=_order)
        for number, (kind, which) in enumerate(streams):
            if kind == "page":
                _set_page(pages[int(which) - 1], StructParents=number)
            else:
                _set_form(doc.idToObject[xObjectName(which)], number)
        for mark, _ in self._annotations:
            _set_page(pages[mark.page - 1], Tabs=PDFName("S"))
        catalog = doc.Catalog
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Lang = PDFString(self.language)
        catalog.Metadata = doc.Reference(metadata(self.title, self.language, doc))
        # The tree's objects are numbered after ReportLab's: the catalog names the root by
        # a number of fixed width, filled in once the document is written.
        doc.idToObjectNumberAndVersion[_ROOT] = (_PLACEHOLDER, 0)
        catalog.StructTreeRoot = PDFObjectReference(_ROOT)
        self.canvas.setViewerPreference("DisplayDocTitle", "true")
        doc._pdfVersion = max(tuple(doc._pdfVersion), (1, 7))  # PDF/UA-1 is PDF 1.7
        written = doc.format
        doc.format = lambda: _Writer(self, doc, streams).append(written())


_ROOT = "cardgen.StructTreeRoot"
_PLACEHOLDER = 9_999_999_999  # as wide as any object number the root can get
# Annotations' keys in the parent tree come after every stream's: no deck has this many
# pages and forms.
_ANNOTATION_KEYS = 1_000_000
_PER_STREAM = 1000  # objects in one object stream
# zlib's fastest level: the tree's text is repetitive, so it packs nearly as small as at
# the default level (6) in a third of the time.
_LEVEL = 1


def _order(stream: Stream) -> tuple:
    kind, which = stream
    return (kind != "page", which if kind == "page" else str(which))


def _walk(element: Element) -> list[Element]:
    """`element` and every element under it, in tree order."""
    found, todo = [], [element]
    while todo:
        element = todo.pop()
        found.append(element)
        todo.extend(reversed([kid for kid in element.kids if type(kid) is Element]))
    return found


def _text(text: str) -> str:
    """`text` as a PDF text string in a content stream."""
    return _string(text).decode("latin-1")


class _Plain:
    """Enough of a document for PDFString.format: no encryption."""

    encrypt = NoEncryption()


_PLAIN = _Plain()


def _string(text: str) -> bytes:
    """`text` as a PDF text string: PDFDocEncoding when it can, else UTF-16 with its mark."""
    return PDFString(text).format(_PLAIN)


class _Writer:
    """The structure tree written after ReportLab's objects, in compressed object streams
    with a cross-reference stream (PDF 1.5), so a deck of 10,000 cards and 50,000
    elements costs a fraction of a second and a few hundred kilobytes, not what 50,000
    objects through ReportLab's writer cost (0.7 s and 6 MB, measured). ReportLab's
    objects are kept byte for byte, at their offsets; its cross-reference table and
    trailer are replaced by the stream that lists them all."""

    def __init__(self, tags: Tags, doc, streams: list[Stream]):
        self.tags = tags
        self.doc = doc
        self.streams = streams
        self.pages: dict[int, int] = {}  # page number -> its object's

    def append(self, data: bytes) -> bytes:
        table = data.rindex(b"\nxref\n") + 1
        lines = data[table:].split(b"\n")
        size = int(lines[1].split()[1])
        offsets = [int(line[:10]) for line in lines[2:2 + size]]
        trailer = data[data.index(b"trailer", table):]
        info = re.search(rb"/Info (\d+) 0 R", trailer)
        ids = re.search(rb"/ID\s*(\[<[0-9a-f]+><[0-9a-f]+>\])", trailer)
        assert info is not None and ids is not None, "ReportLab's trailer as it writes it"
        root = size
        elements = list(_walk(self.tags.document))
        numbers = {id(element): root + 2 + index for index, element in enumerate(elements)}
        self.numbers = {name: n for name, (n, _) in self.doc.idToObjectNumberAndVersion.items()}
        bodies = [self._root(root + 1, numbers), self._parent_tree(numbers)]
        bodies += [self._element(element, numbers, root) for element in elements]
        head = data[:table].replace(b"/StructTreeRoot %d 0 R" % _PLACEHOLDER,
                                    b"/StructTreeRoot %010d 0 R" % root, 1)
        out = [head]
        at = len(head)
        entries = [(0, 0, 65535)] + [(1, offset, 0) for offset in offsets[1:]]
        entries += [(0, 0, 0)] * len(bodies)  # filled as their streams are written
        first_stream = root + len(bodies)
        for index, start in enumerate(range(0, len(bodies), _PER_STREAM)):
            chunk = bodies[start:start + _PER_STREAM]
            number = first_stream + index
            for place, _ in enumerate(chunk):
                entries[root + start + place] = (2, number, place)
            stream = _object_stream(number, root + start, chunk)
            entries.append((1, at, 0))
            out.append(stream)
            at += len(stream)
        xref = len(entries)
        entries.append((1, at, 0))
        row = struct.Struct(">BIH").pack
        rows = b"".join([row(*entry) for entry in entries])
        packed = zlib.compress(rows, _LEVEL)
        catalog = self.numbers[self.doc.Catalog.__InternalName__]
        out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %s 0 R /ID %s"
                   b" /Filter /FlateDecode /Length %d >>\nstream\n"
                   % (xref, xref + 1, catalog, info.group(1), ids.group(1), len(packed)))
        out.append(packed + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % at)
        return b"".join(out)

    def _root(self, parent_tree: int, numbers: dict[int, int]) -> bytes:
        keys = _ANNOTATION_KEYS + len(self.tags._annotations)
        return (b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
                % (numbers[id(self.tags.document)], parent_tree, keys))

    def _parent_tree(self, numbers: dict[int, int]) -> bytes:
        nums = []
        owners = self.tags._owners
        for key, stream in enumerate(self.streams):
            refs = b" ".join(b"%d 0 R" % numbers[id(e)] for e in owners[stream])
            nums.append(b"%d [%s]" % (key, refs))
        for index, (_, element) in enumerate(self.tags._annotations):
            nums.append(b"%d %d 0 R" % (_ANNOTATION_KEYS + index, numbers[id(element)]))
        return b"<< /Nums [" + b"\n".join(nums) + b"] >>"

    def _element(self, element: Element, numbers: dict[int, int], root: int) -> bytes:
        # Written for each of tens of thousands of elements: the common cases first.
        parent = numbers[id(element.parent)] if element.parent is not None else root
        head = f"<< /Type /StructElem /S /{element.tag} /P {parent} 0 R"
        page = _first_page(element, self.tags._form_pages)
        if page is not None:
            head += f" /Pg {self._page(page)} 0 R"
        here = ("page", page)
        kids = []
        for kid in element.kids:
            if type(kid) is Element:
                kids.append(f"{numbers[id(kid)]} 0 R")
            elif type(kid) is _Marked and kid.stream == here:
                kids.append(str(kid.mcid))
            else:
                kids.append(self._kid(kid, page))  # type: ignore[arg-type]
        if len(kids) == 1:
            head += f" /K {kids[0]}"
        elif kids:
            head += f" /K [{' '.join(kids)}]"
        out = head.encode()
        if element.lang is not None or element.alt is not None or element.actual is not None:
            for key, value in ((b"Lang", element.lang), (b"Alt", element.alt),
                               (b"ActualText", element.actual)):
                if value is not None:
                    out += b" /" + key + b" " + _string(value)
        return out + b" >>"

    def _page(self, page: int) -> int:
        found = self.pages.get(page)
        if found is None:
            found = self.pages[page] = self.numbers[f"Page{page}"]
        return found

    def _kid(self, kid: _Marked | _Annotation, page: int | None) -> str:
        """A marked sequence not on the element's page, or an annotation."""
        if isinstance(kid, _Annotation):
            return (f"<< /Type /OBJR /Obj {self.numbers[kid.name]} 0 R"
                    f" /Pg {self._page(kid.page)} 0 R >>")
        kind, which = kid.stream
        if kind == "page":
            return f"<< /Type /MCR /Pg {self._page(int(which))} 0 R /MCID {kid.mcid} >>"
        on = self.tags._form_pages.get(str(which))
        placed = f" /Pg {self._page(on)} 0 R" if on is not None and on != page else ""
        return (f"<< /Type /MCR{placed} /Stm {self.numbers[xObjectName(str(which))]} 0 R"
                f" /MCID {kid.mcid} >>")


def _object_stream(number: int, first: int, bodies: list[bytes]) -> bytes:
    """Object `number`: a compressed object stream holding `bodies`, numbered from `first`."""
    index, at = [], 0
    for place, body in enumerate(bodies):
        index.append(b"%d %d" % (first + place, at))
        at += len(body) + 1
    head = b" ".join(index) + b"\n"
    packed = zlib.compress(head + b"\n".join(bodies) + b"\n", _LEVEL)
    return (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n" % (number, len(bodies), len(head), len(packed))
            + packed + b"\nendstream\nendobj\n")


def _first_page(element: Element, form_pages: dict[str, int]) -> int | None:
    for kid in element.kids:
        if isinstance(kid, _Marked):
            kind, which = kid.stream
            return int(which) if kind == "page" else form_pages.get(str(which))
        if isinstance(kid, _Annotation):
            return kid.page
    return None


def _set_page(page: PDFPage, **entries) -> None:
    """Give a page dictionary entries ReportLab does not know of."""
    if "StructParents" not in page.__NoDefault__:
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
    for key, value in entries.items():
        setattr(page, key, value)


def _set_form(form, key: int) -> None:
    """Give a form XObject its `/StructParents`: ReportLab makes the form's stream only
    when it has none, and adds its own entries to the one it finds."""
    stream = PDFStream()
    stream.content = form.stream
    stream.dictionary["StructParents"] = key
    form.Contents = stream
