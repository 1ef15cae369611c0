-- Run by test/lsp/neovim.e2e.test.ts inside `nvim --headless` on a copy of shape-error.net,
-- after the README's init.lua. It drives the real Neovim LSP client (0.7 API only) and writes
-- what it saw as JSON to $NETC_PROBE_OUT; the test asserts on that file.
local report = {}

local function diagnostics_now()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(list, {
      code = d.code, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  return list
end

local function hover_at(line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = line, character = character } }
  local responses, err = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000)
  if responses == nil then return { error = tostring(err) } end
  for _, response in pairs(responses) do
    if response.err ~= nil then return { error = vim.inspect(response.err) } end
    local contents = response.result and response.result.contents
    return { value = contents and contents.value or vim.NIL }
  end
  return { error = "no client answered" }
end

local function probe()
  report.filetype = vim.bo.filetype

  -- 1. Diagnostics on open (the shape error on `dense(120)`, line 4 zero-based).
  report.opened = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
  report.diagnostics = diagnostics_now()
  -- Counted after the wait: the client attaches once its `initialize` has been answered.
  report.clients = #vim.tbl_keys(vim.lsp.buf_get_clients(0))

  -- on_attach from the README ran: K is mapped in this buffer.
  report.k_mapped = vim.fn.maparg("K", "n", false, true).buffer == 1

  -- 2. Hover on conv2d (line 3, column 3).
  report.conv_hover = hover_at(3, 3)

  -- 3. Fix it in the buffer, as a user would: a new line `  flatten` before the dense.
  --    Neovim sends it as an incremental didChange; the diagnostics must clear.
  vim.api.nvim_buf_set_lines(0, 4, 4, false, { "  flatten" })
  report.cleared = vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 20)
  report.diagnostics_after_fix = diagnostics_now()

  -- 4. Hover on the dense, now line 5: it sees the flattened input.
  report.dense_hover = hover_at(5, 3)
end

local ok, err = pcall(probe)
if not ok then report.error = tostring(err) end
local file = assert(io.open(os.getenv("NETC_PROBE_OUT"), "w"))
file:write(vim.fn.json_encode(report))
file:close()
vim.cmd("qa!")
