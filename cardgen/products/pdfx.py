"""PDF/X-4 for a press: a CMYK drawing declared with the printing condition it was made for.

A print shop's preflight asks what a file's CMYK numbers mean: PDF/X answers with an
output intent (the profile the colours were separated for, embedded), the version in
the document's Info and in its XMP metadata, a title, dates, ids, and whether it was
trapped. The drawing itself comes from render.cmyk (every colour and image in CMYK or
black ink) and render.shop (TrimBox and BleedBox on every page); this module adds what
ReportLab cannot write, with pikepdf (qpdf), and keeps the bytes identical for identical
input: the dates are ReportLab's fixed ones, the ids a digest of the drawing.

The drawing is a tagged PDF (render.tagging): its XMP, rewritten here, keeps saying so
(`pdfuaid:part` 1) and in which language, beside what PDF/X asks for.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from xml.sax.saxutils import escape

import pikepdf

from cardgen.render.cmyk import CONDITION, CONDITION_INFO, PROFILE
from cardgen.render.xmp import packet

VERSION = "PDF/X-4"

_XMP = """\
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
   <pdfuaid:part>1</pdfuaid:part>
"""


def pdfx(data: bytes) -> bytes:
    """The PDF `data` (drawn in CMYK on a press canvas) made PDF/X-4 for the shipped
    profile's printing condition."""
    digest = hashlib.sha256(data).digest()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.docinfo
        info["/GTS_PDFXVersion"] = VERSION
        info["/Trapped"] = pikepdf.Name("/False")
        profile = pdf.make_stream(PROFILE.read_bytes(), N=4)
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=CONDITION, OutputCondition=CONDITION_INFO,
            Info=CONDITION_INFO, RegistryName="http://www.color.org",
            DestOutputProfile=profile))])
        text = {key: escape(str(info.get(f"/{name}", ""))) for key, name in (
            ("title", "Title"), ("author", "Author"), ("subject", "Subject"),
            ("creator", "Creator"), ("producer", "Producer"))}
        language = escape(str(pdf.Root.get("/Lang", "en")))
        xmp = packet(_XMP.format(**text, language=language,
                                 date=_xmp_date(str(info.get("/CreationDate", ""))),
                                 id=uuid.UUID(bytes=digest[:16]), version=VERSION))
        pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=pikepdf.Name.Metadata,
                                            Subtype=pikepdf.Name.XML)
        out = io.BytesIO()
        # PDF/X-4 is PDF 1.6; the trailer's id is a digest of the content, as the dates
        # are ReportLab's fixed ones, so the same deck gives the same bytes.
        pdf.save(out, force_version="1.6", deterministic_id=True)
    return out.getvalue()


def _xmp_date(pdf_date: str) -> str:
    """A PDF date (D:20000101000000+00'00') as XMP writes it (2000-01-01T00:00:00+00:00)."""
    found = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'(\d\d)'?|Z)?",
                     pdf_date)
    if not found:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    year, month, day, hour, minute, second, sign, zone_h, zone_m = found.groups()
    zone = f"{sign}{zone_h}:{zone_m}" if sign else "Z"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"
