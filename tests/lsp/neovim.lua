-- Driven by tests/test_lsp_neovim.py: Neovim's own LSP client against `personalint server`.
-- Opens $PERSONALINT_FILE, waits for personalint's PF005 diagnostic, asks for the code actions
-- there, applies the "Quote the value" quick fix through Neovim, writes the buffer and quits.
-- Any failure exits non-zero with a line on stderr. Works with Neovim 0.7 (Debian 12) and later.
local function fail(message, code)
  io.stderr:write("neovim.lua: " .. message .. "\n")
  vim.cmd("cquit " .. (code or 1))
end

local file = os.getenv("PERSONALINT_FILE")
local cmd = vim.fn.json_decode(os.getenv("PERSONALINT_CMD"))
vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = "personalint", cmd = cmd, root_dir = vim.fn.fnamemodify(file, ":h") })
if not client_id then
  return fail("the language server did not start", 2)
end
vim.lsp.buf_attach_client(bufnr, client_id)

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local found
local ok = vim.wait(30000, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == "PF005" then
      found = d
      return true
    end
  end
  return false
end, 20)
if not ok then
  return fail("no PF005 diagnostic from personalint within 30 s", 3)
end

local client = vim.lsp.get_client_by_id(client_id)
vim.api.nvim_win_set_cursor(0, { found.lnum + 1, found.col })
local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
params.context = { diagnostics = {}, only = { "quickfix" } } -- the server knows its findings
local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 20000)
local applied = false
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    if not applied and action.title:find("^Quote") and action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
    end
  end
end
if not applied then
  return fail("no 'Quote the value' code action at the PF005 diagnostic", 4)
end
vim.cmd("write")
vim.cmd("qall!")
