"""The machine-checkable conditions of PDF/UA-1 that apply to cardgen's PDFs, after the
Matterhorn Protocol 1.1 (its failure conditions, by number), checked with pikepdf. Used
by the tests of every PDF cardgen makes.

`problems(data)` lists every failure found, each as "NN-NNN: what, where"; an empty list
passes. What it checks:

- 01-005, 01-006, 01-007: every painting operator (text, paths, images, shadings) is
  inside marked content that is either tied to the structure tree (an MCID) or an
  artifact, never both; a form placed outside marked content is held to the same inside.
- ISO 32000 14.7.1: /MarkInfo /Marked true; a structure tree root.
- 02-001: only standard structure types (cardgen needs no role map).
- 06-001, 06-002, 06-003: XMP metadata with pdfuaid:part 1 and a dc:title.
- 07-001: /ViewerPreferences /DisplayDocTitle true.
- 09-004 and ISO 32000 14.7.4.4: every MCID of every page and form belongs to exactly one
  structure element, through the parent tree, and every element's MCID exists.
- 10-001: every font's ToUnicode maps its codes to well-formed Unicode (a surrogate half
  alone fails).
- 11-001, 11-006: the document's /Lang, and every /Lang in the tree, a BCP 47 tag.
- 13-004: every Figure has /Alt (or /ActualText).
- 14-003, 14-006, 14-007 (headings): H and H1-H6 not mixed; at most one H in a node.
- 28-002, 28-004, 28-011: every annotation is tied into the tree (/StructParent to an
  element holding it as an OBJR) and a link has /Contents; 28-?? /Tabs /S on its page.
- 31-001..31-009 in spirit: every font embedded (FontFile, FontFile2 or FontFile3) with a
  ToUnicode map.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pikepdf

STANDARD = set("""
Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot
Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form
""".split())
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do",
            "INLINE IMAGE", "BI"}
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")


def problems(data: bytes) -> list[str]:
    """Every PDF/UA-1 failure condition found in the PDF `data` (see the module's doc)."""
    found: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        _document(pdf, found)
        tree = root.get("/StructTreeRoot")
        if tree is None:
            found.append("01-002: no structure tree (/StructTreeRoot)")
            return found
        marked = _content(pdf, found)
        owned = _tree(pdf, tree, found)
        _parent_tree(pdf, tree, marked, owned, found)
        _annotations(pdf, tree, found)
        _fonts(pdf, found)
    return found


def _document(pdf, found: list[str]) -> None:
    root = pdf.Root
    if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked") is True):
        found.append("01-002: /MarkInfo /Marked is not true")
    lang = root.get("/Lang")
    if lang is None or not BCP47.match(str(lang)):
        found.append(f"11-001: the document's /Lang is {lang!r}, not a language tag")
    preferences = root.get("/ViewerPreferences")
    if not (preferences and preferences.get("/DisplayDocTitle") is True):
        found.append("07-001: /ViewerPreferences /DisplayDocTitle is not true")
    if root.get("/Metadata") is None:
        found.append("06-001: no XMP metadata stream")
        return
    meta = pdf.open_metadata()
    if meta.get("pdfuaid:part") != "1":
        found.append("06-002: the XMP does not say pdfuaid:part 1")
    if not meta.get("dc:title"):
        found.append("06-003: the XMP has no dc:title")


def _streams(pdf):
    """Each page's content and each form it places: (where, stream, resources, page)."""
    for number, page in enumerate(pdf.pages, 1):
        yield f"page {number}", page, page.obj.get("/Resources"), page


def _content(pdf, found: list[str]) -> dict[tuple, set[int]]:
    """Walk every page's content (and the forms it places) checking each painting operator
    is marked; return the MCIDs met in each stream: {("page", objgen) or ("form", objgen)}."""
    marked: dict[tuple, set[int]] = defaultdict(set)
    checked_forms: set[tuple] = set()
    for where, page, resources, _ in _streams(pdf):
        _walk(pdf, page, resources, where, ("page", page.obj.objgen), False, marked,
              checked_forms, found)
    return marked


def _walk(pdf, holder, resources, where, key, inherited: bool, marked, checked_forms,
          found) -> None:
    """`inherited`: the stream is placed inside marked content (a form used in an artifact
    or a tagged sequence), so its unmarked operators are covered."""
    stack: list[str] = []  # "mcid", "artifact" or "other" for each open sequence
    reported = set()
    for operands, operator in pikepdf.parse_content_stream(holder):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            kind = "other"
            if tag == "/Artifact":
                kind = "artifact"
                if "mcid" in stack and "01-007" not in reported:
                    reported.add("01-007")
                    found.append(f"01-007: an artifact inside tagged content, {where}")
            elif op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/MCID" in operands[1]:
                kind = "mcid"
                if "artifact" in stack and "01-007b" not in reported:
                    reported.add("01-007b")
                    found.append(f"01-007: tagged content inside an artifact, {where}")
                mcid = int(operands[1].MCID)
                if mcid in marked[key]:
                    found.append(f"14.7.4.4: MCID {mcid} used twice, {where}")
                marked[key].add(mcid)
            stack.append(kind)
        elif op == "EMC":
            if not stack:
                found.append(f"01-005: EMC without a sequence, {where}")
            else:
                stack.pop()
        elif op in PAINTING or op == "INLINE IMAGE":
            covered = inherited or "mcid" in stack or "artifact" in stack
            if op == "Do":
                xobject = resources.XObject[operands[0]] if resources is not None else None
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    form_key = ("form", xobject.objgen)
                    if (form_key, covered) not in checked_forms:
                        checked_forms.add((form_key, covered))
                        _walk(pdf, xobject, xobject.get("/Resources", resources),
                              f"{where} form {operands[0]}", form_key, covered, marked,
                              checked_forms, found)
                    continue
            if not covered and "01-005" not in reported:
                reported.add("01-005")
                found.append(f"01-005: {op} neither tagged nor an artifact, {where}")
    if stack:
        found.append(f"01-005: {len(stack)} marked sequence(s) left open, {where}")


def _elements(tree):
    """Every structure element under the root, with its parent, in tree order."""
    todo = [(tree.K, None)]
    while todo:
        kids, parent = todo.pop(0)
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid, parent
                if "/K" in kid:
                    todo.append((kid.K, kid))


def _tree(pdf, tree, found: list[str]) -> dict[tuple, dict[int, object]]:
    """Check the elements; return which element holds each MCID of each stream."""
    owned: dict[tuple, dict[int, object]] = defaultdict(dict)
    numbered = plain = False
    for element, parent in _elements(tree):
        tag = str(element.S)[1:]
        if tag not in STANDARD:
            found.append(f"02-001: {tag} is not a standard structure type")
        if tag == "Figure" and "/Alt" not in element and "/ActualText" not in element:
            found.append("13-004: a Figure without /Alt")
        if "/Lang" in element and not BCP47.match(str(element.Lang)):
            found.append(f"11-006: /Lang {str(element.Lang)!r} is not a language tag")
        numbered |= tag in {"H1", "H2", "H3", "H4", "H5", "H6"}
        plain |= tag == "H"
        if tag == "H" and parent is not None:
            heads = [k for k in (parent.K if isinstance(parent.K, pikepdf.Array) else [parent.K])
                     if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/H"]
            if len(heads) > 1 and "14-006" not in str(found):
                found.append("14-006: a node holds more than one H")
        page = element.get("/Pg")
        kids = element.K if isinstance(element.get("/K"), pikepdf.Array) else [element.get("/K")]
        for kid in kids:
            if kid is None:
                continue
            if isinstance(kid, int):
                if page is None:
                    found.append("14.7.4.4: an MCID in an element without /Pg")
                    continue
                owned[("page", page.objgen)][int(kid)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                stream = kid.get("/Stm")
                where = ("form", stream.objgen) if stream is not None else \
                    ("page", (kid.get("/Pg") or page).objgen)
                owned[where][int(kid.MCID)] = element
    if numbered and plain:
        found.append("14-007: both H and H1-H6 headings")
    return owned


def _parent_tree(pdf, tree, marked, owned, found: list[str]) -> None:
    """Each stream's MCIDs: each owned by one element in the tree, and the parent tree says
    the same."""
    for key, mcids in marked.items():
        for mcid in sorted(mcids - set(owned.get(key, {}))):
            found.append(f"09-004: MCID {mcid} of {key[0]} {key[1]} belongs to no element")
    for key, elements in owned.items():
        for mcid in sorted(set(elements) - marked.get(key, set())):
            found.append(f"14.7.4.4: an element claims MCID {mcid} of {key[0]} {key[1]}, "
                         "which is not drawn")
    nums = _number_tree(tree.get("/ParentTree"))
    for key, elements in owned.items():
        holder = pdf.get_object(key[1])
        index = holder.get("/StructParents")
        if index is None:
            found.append(f"14.7.4.4: {key[0]} {key[1]} has marked content but no /StructParents")
            continue
        array = nums.get(int(index))
        for mcid, element in elements.items():
            if array is None or mcid >= len(array) or array[mcid].objgen != element.objgen:
                found.append(f"14.7.4.4: the parent tree does not give MCID {mcid} of "
                             f"{key[0]} {key[1]} its element")
                break


def _number_tree(node) -> dict[int, object]:
    found: dict[int, object] = {}
    if node is None:
        return found
    if "/Nums" in node:
        nums = node.Nums
        for index in range(0, len(nums), 2):
            found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _annotations(pdf, tree, found: list[str]) -> None:
    nums = _number_tree(tree.get("/ParentTree"))
    for number, page in enumerate(pdf.pages, 1):
        annotations = page.obj.get("/Annots") or []
        if annotations and page.obj.get("/Tabs") != "/S":
            found.append(f"28-?: page {number} has annotations but no /Tabs /S")
        for annotation in annotations:
            if annotation.get("/Subtype") == "/Popup":
                continue
            if annotation.get("/Subtype") == "/Link" and not annotation.get("/Contents"):
                found.append(f"28-004: a link without /Contents on page {number}")
            key = annotation.get("/StructParent")
            element = nums.get(int(key)) if key is not None else None
            if element is None:
                found.append(f"28-002: an annotation on page {number} is not in the tree")
                continue
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            if not any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                       and k.Obj.objgen == annotation.objgen for k in kids):
                found.append(f"28-002: an annotation on page {number} is not held by its element")
            if annotation.get("/Subtype") == "/Link" and element.S != "/Link":
                found.append(f"28-011: a link on page {number} is in a {element.S}, not a Link")


def _fonts(pdf, found: list[str]) -> None:
    seen = set()
    for page in pdf.pages:
        for font in _page_fonts(page.obj.get("/Resources"), set()):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont"))
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in
                                             ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"31-009: font {name} is not embedded")
            cmap = font.get("/ToUnicode")
            if cmap is None:
                found.append(f"10-001: font {name} has no ToUnicode map")
                continue
            text = cmap.read_bytes().decode("latin-1")
            pairs = "".join(re.findall(r"beginbfchar(.*?)endbfchar", text, re.S))
            for target in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", pairs):
                try:
                    bytes.fromhex(target).decode("utf-16-be")
                except (UnicodeDecodeError, ValueError):
                    found.append(f"10-001: font {name} maps a code to <{target}>, "
                                 "not Unicode")
                    break


def _page_fonts(resources, visited: set):
    if resources is None or (resources.objgen in visited and resources.objgen != (0, 0)):
        return
    visited.add(resources.objgen)
    yield from (resources.get("/Font") or {}).values()
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from _page_fonts(xobject.get("/Resources"), visited)
