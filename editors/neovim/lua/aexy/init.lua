--- aexy for Neovim: attaches `aexy lsp` to every buffer inside a git repository (beside the
--- buffer's other language servers), refreshes code lenses on attach, and defines the commands.
local M = {}

M.config = {
  cmd = nil, -- default: { "aexy", "lsp" }; a string is the executable's path
  code_lens = true,
  inlay_hints = false,
  hover_detail = "compact",
  privacy = { show_emails = false, show_signals_for_others = false },
  match_limit = 10,
  explain = { window = "float" }, -- "float" or "split"
}

local function cmd()
  local c = M.config.cmd
  if type(c) == "table" then
    return c
  end
  return { c or "aexy", "lsp" }
end

M.cmd = cmd

local function init_options()
  return {
    hoverDetail = M.config.hover_detail,
    codeLens = M.config.code_lens,
    inlayHints = M.config.inlay_hints,
    privacy = {
      showEmails = M.config.privacy.show_emails,
      showSignalsForOthers = M.config.privacy.show_signals_for_others,
    },
  }
end

--- The git root of a buffer's file, or nil when it is not in a repository (or not a file).
function M.root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  return vim.fs.root(bufnr, ".git")
end

--- Starts (or reuses, one per repository) the daemon for `bufnr`; returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local root = M.root(bufnr)
  if not root then
    return nil
  end
  if vim.fn.executable(cmd()[1]) ~= 1 then
    if not M._warned then
      M._warned = true
      vim.notify("aexy: executable '" .. cmd()[1] .. "' not found; see :checkhealth aexy", vim.log.levels.WARN)
    end
    return nil
  end
  return vim.lsp.start({
    name = "aexy",
    cmd = cmd(),
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fs.basename(root) } },
    init_options = init_options(),
    handlers = {
      ["aexy/explainProgress"] = function(...)
        return require("aexy.explain").on_progress(...)
      end,
    },
  }, {
    bufnr = bufnr,
    reuse_client = function(client, config)
      return client.name == "aexy" and client.config.root_dir == config.root_dir
    end,
  })
end

--- The running aexy client for a buffer (nil when none).
function M.client(bufnr)
  local clients = vim.lsp.get_clients({ name = "aexy", bufnr = bufnr or vim.api.nvim_get_current_buf() })
  return clients[1]
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", M.config, opts or {})
  local group = vim.api.nvim_create_augroup("aexy", { clear = true })
  vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
    group = group,
    callback = function(ev)
      M.attach(ev.buf)
    end,
  })
  vim.api.nvim_create_autocmd("BufEnter", {
    group = group,
    callback = function(ev)
      if vim.bo[ev.buf].buftype == "" and vim.api.nvim_buf_get_name(ev.buf) ~= "" then
        M.last_file_buf = ev.buf
      end
    end,
  })
  vim.api.nvim_create_autocmd("LspAttach", {
    group = group,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if not client or client.name ~= "aexy" then
        return
      end
      if M.config.code_lens then
        vim.lsp.codelens.refresh({ bufnr = ev.buf })
        vim.api.nvim_create_autocmd({ "BufEnter", "BufWritePost" }, {
          group = group,
          buffer = ev.buf,
          callback = function()
            vim.lsp.codelens.refresh({ bufnr = ev.buf })
          end,
        })
      end
      if M.config.inlay_hints and vim.lsp.inlay_hint then
        vim.lsp.inlay_hint.enable(true, { bufnr = ev.buf })
      end
    end,
  })
  require("aexy.commands").define()
  -- the code action "Explain the history of this code" streams in Neovim's own view
  vim.lsp.commands["aexy.explain"] = function(command)
    require("aexy.explain").command(command)
  end
  -- Called again with changed options: running daemons apply them at once, no restart (new
  -- daemons get them as initializationOptions).
  local settings = init_options()
  for _, client in ipairs(vim.lsp.get_clients({ name = "aexy" })) do
    client:notify("workspace/didChangeConfiguration", { settings = settings })
  end
  -- Buffers already open when setup runs (lazy loading) attach too.
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) then
      M.attach(b)
    end
  end
end

return M
