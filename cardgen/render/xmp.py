"""XMP metadata for a tagged PDF: its title and language, and that it claims PDF/UA-1
(`pdfuaid:part`), which a reader and a validator look for beside the structure tree.
products.pdfx writes a press file's own (PDF/X-4 and PDF/UA-1) in the same packet."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFName, PDFStream

# The namespaces cardgen's XMP uses, by prefix.
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def packet(properties: str) -> str:
    """An XMP packet of one description holding `properties` (lines of XML in the
    namespaces of NAMESPACES they use; escaped by the caller)."""
    used = "".join(f'\n    xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items()
                   if f"<{prefix}:" in properties)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'  <rdf:Description rdf:about=""{used}>\n{properties}'
            "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
            '<?xpacket end="w"?>')


_UA = """\
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>cardgen</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <pdfuaid:part>1</pdfuaid:part>
"""


def metadata(title: str, language: str, doc) -> PDFStream:
    """The document's XMP metadata: its title and language, and that it claims PDF/UA-1.
    Its dates are the Info dictionary's (fixed for an invariant document)."""
    stamp = doc._timeStamp
    date = datetime(*stamp.YMDhms).isoformat()
    xmp = packet(_UA.format(title=escape(title), language=escape(language),
                            producer=escape(doc.info.producer), date=date))
    stream = PDFStream(content=xmp.encode("utf-8"))
    stream.dictionary["Type"] = PDFName("Metadata")
    stream.dictionary["Subtype"] = PDFName("XML")
    return stream
