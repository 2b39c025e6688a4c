"""Renderers: a `Document` → PDF (Typst), Word, HTML, Excel."""

FORMATS = ("pdf", "docx", "html", "xlsx")
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "xlsx": "xlsx"}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(document, fmt: str, **options) -> bytes:
    """The document as bytes in `fmt` (one of FORMATS)."""
    if fmt == "pdf":
        from .typst_pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from .word import render_docx

        return render_docx(document, template_path=options.get("docx_template"))
    if fmt == "html":
        from .html import render_html_standalone

        return render_html_standalone(document).encode("utf-8")
    if fmt == "xlsx":
        from .excel import render_xlsx

        return render_xlsx(document)
    raise ValueError(f"unknown format {fmt!r}")
