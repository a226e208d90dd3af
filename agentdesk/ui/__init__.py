"""The PySide6 desktop: windows, models, delegates and dialogs, one package per feature."""
