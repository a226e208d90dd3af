"""Writing a reply or a private note, with canned responses and their placeholders."""
