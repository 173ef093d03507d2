"""The summary for a doctor: one document for print preview, printing and PDF."""
