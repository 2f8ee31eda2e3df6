"""What the language server's tests share: a real client over stdio (pytest-lsp) and its helpers."""
