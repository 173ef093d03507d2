"""The summary for a doctor: one document for print preview, printing and PDF.

- ``document``: the Qt-free Document (headings, paragraphs, tables, charts)
  and the number words it is written in;
- ``content.summary_document(summary, day_table=None, chart_figures=None)``:
  what the summary says, as a Document (page 1's key points and warning are
  ``page_one``, the range's figures ``glance``);
- ``pages.render_document(document, device)``: lays it out on any
  QPagedPaintDevice (QPrinter, QPdfWriter);
- ``printing.write_summary_pdf(document, path, layout=None)``: the PDF.
"""
