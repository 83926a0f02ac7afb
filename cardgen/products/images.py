"""Pictures for a card printer: one PNG per card face, rendered from the print-shop drawing
so the two never disagree; shared among worker processes (`--jobs`) a few pictures at a
time, each picture made from the same drawing whichever process renders it."""

from __future__ import annotations

from cardgen.layout.stock import Stock
from cardgen.products.formats import FORMATS
from cardgen.products.job import Job, Product
from cardgen.products.limits import check_image_size
from cardgen.products.options import BuildOptions
from cardgen.products.parallel import batched, ordered, workers
from cardgen.render.images import card_images, face_names
from cardgen.render.shop import shop_pdf

# Pictures a worker renders at a time (a poker card's front at 300 dpi takes ~25 ms):
# enough that handing them over costs little, few enough that the cores share the end.
PICTURES = 8


def make(job: Job) -> Product:
    faces = job.faces()
    context = job.context
    pdf = shop_pdf(faces, context.card_size, context.bleed("images"), job.theme_for("images"),
                   context.fonts, job.deck, tagged=False)
    names = face_names([face.card for face in faces], job.deck)
    spans = batched(range(len(names)), PICTURES)
    pictures = ordered(lambda span: card_images(pdf, names, job.options.dpi, span), spans,
                       workers(job.options.jobs, len(spans)))
    files = dict(picture for part in pictures for picture in part)
    return job.product("images", files, len(files), len(faces),
                       f"one PNG per card face at {job.options.dpi} dpi, for a card printer",
                       unit="image")


def check(job: Job) -> None:
    job.faces()


def check_settings(options: BuildOptions, stock: Stock | None) -> None:
    """Images too large to make."""
    size, name = (stock.card, stock.card_text) if stock else (options.card_size, options.card)
    check_image_size(size, name, FORMATS["images"].bleed_or(options.bleed), options.dpi)
