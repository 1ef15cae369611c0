-- netc language server for Neovim 0.7+ (uses only APIs present in 0.7: vim.lsp.start_client,
-- vim.lsp.buf_attach_client, nvim_create_autocmd). With editors/nvim on the runtimepath,
-- require("netc") finds this file as lua/netc.lua; or copy it to ~/.config/nvim/lua/.
local M = {}

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { "netc", "lsp", "--stdio" }

  -- *.net files are netc files.
  local group = vim.api.nvim_create_augroup("netc", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*.net",
    callback = function() vim.bo.filetype = "netc" end,
  })

  -- One server per Neovim session, attached to every netc buffer.
  local client_id = nil
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "netc",
    callback = function(args)
      if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
        client_id = vim.lsp.start_client({
          name = "netc",
          cmd = cmd,
          root_dir = vim.fn.getcwd(),
          on_attach = opts.on_attach,
        })
      end
      if client_id ~= nil then
        vim.lsp.buf_attach_client(args.buf, client_id)
      end
    end,
  })

  -- Comments start with '#': makes gc-style commenting and 'formatoptions' work.
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "netc",
    callback = function() vim.bo.commentstring = "# %s" end,
  })
end

return M
