--- :AexyExplain — "Explain the history of this code": sends `aexy/explain` for the selected
--- lines and shows the answer in a float (or a split, `explain = { window = "split" }`): the
--- explanation streams in as `aexy/explainProgress` arrives, then the evidence timeline follows.
--- A large prompt asks first (the daemon decides when). The code action's `aexy.explain` command
--- opens the same view.
local M = {}

local aexy = require("aexy")
local float = require("aexy.float")

--- Open views by request token: { buf = , win = }.
M.views = {}
local counter = 0

local function append(buf, text)
  if not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  vim.bo[buf].modifiable = true
  local last = vim.api.nvim_buf_line_count(buf)
  local tail = vim.api.nvim_buf_get_lines(buf, last - 1, last, false)[1] or ""
  local pieces = vim.split(tail .. text, "\n", { plain = true })
  vim.api.nvim_buf_set_lines(buf, last - 1, last, false, pieces)
  vim.bo[buf].modifiable = false
end

--- The `aexy/explainProgress` handler: the next piece of a view's text.
function M.on_progress(_, params)
  local view = params and M.views[params.token]
  if view then
    append(view.buf, params.text or "")
  end
end

local function open_view(title)
  local lines = { "# " .. title, "" }
  if aexy.config.explain.window == "split" then
    vim.cmd("botright new")
    local buf = vim.api.nvim_get_current_buf()
    vim.bo[buf].buftype = "nofile"
    vim.bo[buf].bufhidden = "wipe"
    vim.bo[buf].filetype = "markdown"
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    vim.bo[buf].modifiable = false
    vim.b[buf].aexy_kind = "explain"
    return buf, vim.api.nvim_get_current_win()
  end
  local buf, win = float.open(lines, { title = "aexy explain", kind = "explain" })
  vim.api.nvim_win_set_config(win, {
    relative = "editor",
    width = math.floor(vim.o.columns * 0.8),
    height = math.floor(vim.o.lines * 0.7),
    row = math.floor(vim.o.lines * 0.15),
    col = math.floor(vim.o.columns * 0.1),
  })
  return buf, win
end

local function finish(buf, r)
  if r.explanation then
    local x = r.explanation
    local src = x.cached and ("cached answer of " .. x.endpoint) or ("written by " .. x.endpoint)
    append(buf, "\n\n_" .. src .. " from the evidence below_")
    if #(x.unknownCitations or {}) > 0 then
      append(buf, "\n**Not commits of this evidence:** " .. table.concat(x.unknownCitations, ", "))
    end
    for _, n in ipairs(x.notes or {}) do
      append(buf, "\n_" .. n .. "_")
    end
  elseif type(r.llm) == "string" then
    append(buf, "_No explanation: " .. r.llm .. "_")
  end
  append(buf, "\n\n" .. (r.markdown or ""))
end

--- Explains 1-based lines `line1..line2` of the current buffer (the whole file when nil).
function M.explain(line1, line2, opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  counter = counter + 1
  local token = "nvim-explain-" .. counter
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, token = token, confirmed = opts.confirmed or false }
  if line1 then
    params.range = { start = line1 - 1, ["end"] = (line2 or line1) - 1 }
  end
  local commands = require("aexy.commands")
  local name = commands.relative_name(bufnr)
  local where = line1 and string.format("%s lines %d–%d", name, line1, line2 or line1) or name
  local buf
  -- sent from the file's buffer (the request goes to its daemon); the view opens right after
  commands.request("aexy/explain", params, function(r)
    M.views[token] = nil
    if r.available == false then
      append(buf, "Not available: " .. tostring(r.message))
      return
    end
    if type(r.confirm) == "table" then
      local q = string.format("Send about %d tokens to %s?", r.confirm.promptTokens, r.confirm.endpoint)
      if vim.fn.confirm(q, "&Send\n&Evidence only", 2) == 1 then
        vim.api.nvim_buf_delete(buf, { force = true })
        M.explain(line1, line2, { confirmed = true })
        return
      end
    end
    finish(buf, r)
  end)
  buf = open_view("Explaining " .. where)
  M.views[token] = { buf = buf }
end

--- The code action's command, run here so the answer streams.
function M.command(command)
  local arg = (command.arguments or {})[1] or {}
  local range = arg.range
  if range then
    M.explain(range.start + 1, range["end"] + 1)
  else
    M.explain()
  end
end

return M
