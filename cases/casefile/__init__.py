"""Case files: one motion's whole story as JSON (docs/case-file.md), by
concern: validation, import and export."""
