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

Elements are written as PDF objects in tree order after the pages, so the bytes
depend only on what was drawn: the same deck gives the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    xObjectName,
)

# Where a marked sequence is drawn: ("page", page number) or ("form", the form's name).
Stream = tuple[str, "int | str"]


@dataclass(eq=False)
class Element:
    """One node of the structure tree: its standard structure type (`tag`: Sect, H, P,
    BlockQuote, Figure, Link, L, LI, LBody, Span, Note ...), its children in reading
    order (elements, marked sequences and annotations), and the attributes a reader
    uses: its language where it differs from its parent's, a figure's alternative
    text, and the text a reader should say instead of the glyphs (`actual`)."""

    tag: str
    parent: Element | None = None
    lang: str | None = None
    alt: str | None = None
    actual: str | None = None
    title: str | None = None
    kids: list[Element | _Marked | _Annotation] = field(default_factory=list)
    name: str = ""  # the PDF object's name in the document, given by `finish`


@dataclass(frozen=True)
class _Marked:
    """A marked-content sequence: its stream and its MCID there."""

    stream: Stream
    mcid: int


@dataclass(frozen=True)
class _Annotation:
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

    # --- the tree ------------------------------------------------------------

    def add(self, tag: str, parent: Element | None = None, *, lang: str | None = None,
            alt: str | None = None, actual: str | None = None) -> Element:
        """A new element, the last child of `parent` (the document when None)."""
        parent = parent or self.document
        element = Element(tag, parent, None if lang == self._language_of(parent) else lang,
                          alt, actual)
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

    def span(self, actual: str, code: list[str] | None = None) -> None:
        """Start a span (inside an element's content) that a reader reads as `actual`."""
        (self.canvas._code if code is None else code).append(
            f"/Span <</ActualText {_text(actual)}>> BDC")
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
        """Write the tree and the document's accessibility entries; call just before
        `canvas.save()`, after the last `showPage`."""
        assert self._open == 0, "every marked sequence is ended"
        doc = self.canvas._doc
        root = _Raw()
        root_name = doc.Reference(root).name
        elements = list(_walk(self.document))
        for element in elements:
            element.name = doc.Reference(_StructElem(element, self._form_pages, root_name)).name
        self.document.name = elements[0].name
        parents = {}
        pages = doc.Pages.pages
        for number, (stream, owners) in enumerate(sorted(
                self._owners.items(), key=lambda item: _order(item[0]))):
            parents[number] = owners
            kind, which = stream
            if kind == "page":
                _set_page(pages[int(which) - 1], StructParents=number)
            else:
                _set_form(doc.idToObject[xObjectName(which)], number)
        for mark, _ in self._annotations:
            _set_page(pages[mark.page - 1], Tabs=PDFName("S"))
        tree = _ParentTree(parents, [(_ANNOTATION_KEYS + index, element)
                                     for index, (_, element) in enumerate(self._annotations)])
        root.body = lambda document: (
            b"<< /Type /StructTreeRoot /K " + _ref(document, self.document.name)
            + b" /ParentTree " + tree.format(document)
            + b" /ParentTreeNextKey " + str(_ANNOTATION_KEYS + len(self._annotations)).encode()
            + b" >>")
        catalog = doc.Catalog
        catalog.StructTreeRoot = PDFObjectReference(root_name)
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Lang = PDFString(self.language)
        catalog.Metadata = doc.Reference(_metadata(self.title, self.language, doc))
        self.canvas.setViewerPreference("DisplayDocTitle", "true")


# Annotations' keys in the parent tree come after every stream's: no deck has this many
# pages and forms.
_ANNOTATION_KEYS = 1_000_000


def _order(stream: Stream) -> tuple:
    kind, which = stream
    return (kind != "page", which if kind == "page" else str(which))


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for kid in element.kids:
        if isinstance(kid, Element):
            yield from _walk(kid)


def _text(text: str) -> str:
    """`text` as a PDF text string in a content stream."""
    return PDFString(text).format(_PLAIN).decode("latin-1")


class _Plain:
    """Enough of a document for PDFString.format: no encryption."""

    encrypt = NoEncryption()


_PLAIN = _Plain()


def _ref(document, name: str) -> bytes:
    return b"%d 0 R" % document.idToObjectNumberAndVersion[name][0]


class _Raw(PDFObject):
    """An object whose bytes are made when the document is written (its parts' object
    numbers are known by then)."""

    body: Callable[[Any], bytes] | None = None

    def format(self, document):
        assert self.body is not None
        return self.body(document)


class _StructElem(PDFObject):
    def __init__(self, element: Element, form_pages: dict[str, int], root: str):
        self.element = element
        self.form_pages = form_pages
        self.root = root  # the structure tree root's name: the document element's parent

    def format(self, document):
        element = self.element
        parts = [b"<< /Type /StructElem /S /", element.tag.encode()]
        parent = element.parent.name if element.parent is not None else self.root
        parts += [b" /P ", _ref(document, parent)]
        page = _first_page(element, self.form_pages)
        if page is not None:
            parts += [b" /Pg ", _ref(document, f"Page{page}")]
        kids = [_kid(document, kid, page, self.form_pages) for kid in element.kids]
        if kids:
            parts += [b" /K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"]
        for key, value in (("Lang", element.lang), ("Alt", element.alt),
                           ("ActualText", element.actual), ("T", element.title)):
            if value is not None:
                parts += [b" /", key.encode(), b" ", PDFString(value).format(document)]
        parts.append(b" >>")
        return b"".join(parts)


def _first_page(element: Element, form_pages: dict[str, int]) -> int | None:
    for kid in element.kids:
        if isinstance(kid, _Marked):
            kind, which = kid.stream
            return int(which) if kind == "page" else form_pages.get(str(which))
        if isinstance(kid, _Annotation):
            return kid.page
    return None


def _kid(document, kid, page: int | None, form_pages: dict[str, int]) -> bytes:
    if isinstance(kid, Element):
        return _ref(document, kid.name)
    if isinstance(kid, _Annotation):
        return (b"<< /Type /OBJR /Obj " + _ref(document, kid.name)
                + b" /Pg " + _ref(document, f"Page{kid.page}") + b" >>")
    kind, which = kid.stream
    if kind == "page" and which == page:
        return b"%d" % kid.mcid
    if kind == "page":
        return b"<< /Type /MCR /Pg %s /MCID %d >>" % (_ref(document, f"Page{which}"), kid.mcid)
    on = form_pages.get(str(which))
    placed = b" /Pg " + _ref(document, f"Page{on}") if on is not None and on != page else b""
    return (b"<< /Type /MCR" + placed + b" /Stm " + _ref(document, xObjectName(which))
            + b" /MCID %d >>" % kid.mcid)


class _ParentTree:
    """The number tree from each stream's `/StructParents` to its MCIDs' elements, and from
    each annotation's `/StructParent` to its element."""

    def __init__(self, streams: dict[int, list[Element]], annotations: list[tuple[int, Element]]):
        self.streams = streams
        self.annotations = annotations

    def format(self, document) -> bytes:
        nums = []
        for key, owners in self.streams.items():
            nums.append(b"%d [%s]" % (key, b" ".join(_ref(document, e.name) for e in owners)))
        for key, element in self.annotations:
            nums.append(b"%d %s" % (key, _ref(document, element.name)))
        return b"<< /Nums [" + b"\n".join(nums) + b"] >>"


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


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>cardgen</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _metadata(title: str, language: str, doc) -> PDFStream:
    """The document's XMP metadata: its title and language, and that it claims PDF/UA-1.
    Its dates are the Info dictionary's (fixed for an invariant document)."""
    stamp = doc._timeStamp
    date = datetime(*stamp.YMDhms).isoformat()
    xmp = _XMP.format(title=escape(title), language=escape(language),
                      producer=escape(doc.info.producer), date=date)
    stream = PDFStream(content=xmp.encode("utf-8"))
    stream.dictionary["Type"] = PDFName("Metadata")
    stream.dictionary["Subtype"] = PDFName("XML")
    return stream
