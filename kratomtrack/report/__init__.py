"""The summary for a doctor: one document for print preview, printing and PDF.

- ``content.summary_document(summary, day_table=None, chart_figures=None)``:
  what the summary says, as a Qt-free Document;
- ``pages.render_document(document, device)``: lays it out on any
  QPagedPaintDevice (QPrinter, QPdfWriter);
- ``printing.write_summary_pdf(document, path, layout=None)``: the PDF.
"""
