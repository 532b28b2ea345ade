--- Floating windows for aexy results: a scratch Markdown buffer, sized to its content,
--- closed with q or <Esc>, its lines made visible text first. Returns the buffer so callers
--- (and tests) can read it.
local M = {}

local REPLACEMENT = "\239\191\189" -- U+FFFD

--- `line` as visible text: control characters (a newline would make nvim_buf_set_lines fail),
--- C1 controls and bidirectional overrides from commit subjects, names and paths are replaced.
function M.visible(line)
  line = tostring(line):gsub("[%z\1-\8\10-\31\127]", REPLACEMENT)
  line = line:gsub("\194[\128-\159]", REPLACEMENT)
  line = line:gsub("\226\128[\170-\174]", REPLACEMENT)
  line = line:gsub("\226\129[\166-\169]", REPLACEMENT)
  return line
end

function M.open(lines, opts)
  opts = opts or {}
  local shown = {}
  for i, l in ipairs(lines) do
    shown[i] = M.visible(l)
  end
  lines = shown
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = "markdown"
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = "wipe"
  vim.b[buf].aexy_kind = opts.kind
  local width = 20
  for _, l in ipairs(lines) do
    width = math.max(width, vim.fn.strdisplaywidth(l))
  end
  width = math.min(width + 2, math.floor(vim.o.columns * 0.8))
  local height = math.min(#lines, math.floor(vim.o.lines * 0.7))
  local win = vim.api.nvim_open_win(buf, true, {
    relative = "editor",
    width = width,
    height = math.max(height, 1),
    row = math.floor((vim.o.lines - height) / 2),
    col = math.floor((vim.o.columns - width) / 2),
    style = "minimal",
    border = "rounded",
    title = opts.title and (" " .. opts.title .. " ") or nil,
    title_pos = opts.title and "center" or nil,
  })
  vim.wo[win].wrap = true
  for _, key in ipairs({ "q", "<Esc>" }) do
    vim.keymap.set("n", key, function()
      if vim.api.nvim_win_is_valid(win) then
        vim.api.nvim_win_close(win, true)
      end
    end, { buffer = buf, nowait = true })
  end
  return buf, win
end

return M
