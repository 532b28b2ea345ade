--- :checkhealth aexy — Neovim version, git, the aexy executable and its version, and whether
--- the current buffer has a daemon attached.
local M = {}

function M.check()
  local h = vim.health
  local aexy = require("aexy")
  h.start("aexy")
  if vim.fn.has("nvim-0.10") == 1 then
    h.ok("Neovim " .. tostring(vim.version()))
  else
    h.error("Neovim 0.10 or newer is needed (vim.fs.root, vim.lsp.get_clients)")
  end
  if vim.fn.executable("git") == 1 then
    h.ok("git: " .. vim.trim(vim.fn.system({ "git", "--version" })))
  else
    h.error("git not found on PATH")
  end
  local exe = aexy.cmd()[1]
  if vim.fn.executable(exe) == 1 then
    local version = vim.trim(vim.fn.system({ exe, "--version" }))
    h.ok(string.format("aexy executable: %s (%s)", vim.fn.exepath(exe), version))
  else
    h.error("aexy executable not found: " .. exe, {
      "Install it: cargo install --path daemon (from the aexy repository)",
      "or point setup{ cmd = '/path/to/aexy' } at it",
    })
  end
  -- :checkhealth opens its own buffer: look at the file buffer the user came from.
  local buf = aexy.last_file_buf
  if not buf or not vim.api.nvim_buf_is_valid(buf) then
    buf = vim.api.nvim_get_current_buf()
  end
  local root = aexy.root(buf)
  if not root then
    h.info("The last file buffer is not in a git repository; aexy attaches to files inside one.")
  elseif aexy.client(buf) then
    h.ok("Daemon attached for " .. root)
  else
    h.warn("No aexy daemon attached to the last file buffer (" .. root .. "). Did you call require('aexy').setup{}?")
  end
end

return M
