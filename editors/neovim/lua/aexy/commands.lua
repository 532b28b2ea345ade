--- The user commands :AexyOwners, :AexyMatch, :AexyMatchIssue, :AexyReviewers, :AexyProfile,
--- :AexyTeam, :AexyCareer, :AexyMentors, :AexyCodeowners, :AexyTeams, :AexyHiring, :AexyStatus,
--- :AexyReindex, :AexySync, :AexyExplain: each sends a request to the buffer's daemon and shows
--- a float (or a notification).
local M = {}

local aexy = require("aexy")
local render = require("aexy.render")
local float = require("aexy.float")
local people = require("aexy.people")

--- Sends `method` to the current buffer's daemon; calls `on_result(result)` or reports the error.
function M.request(method, params, on_result)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = aexy.client(bufnr)
  if not client then
    vim.notify("aexy: no daemon attached to this buffer (is it in a git repository? see :checkhealth aexy)", vim.log.levels.WARN)
    return
  end
  client:request(method, params, function(err, result)
    if err then
      local msg = err.code == -32601 and ("this aexy daemon does not serve " .. method .. " yet") or (err.message or vim.inspect(err))
      vim.notify("aexy: " .. msg, vim.log.levels.ERROR)
      return
    end
    on_result(result or {})
  end, bufnr)
end

--- The buffer's file relative to its repository (else to the working directory).
function M.relative_name(bufnr)
  local file, root = vim.api.nvim_buf_get_name(bufnr), aexy.root(bufnr)
  return root and file:sub(1, #root + 1) == root .. "/" and file:sub(#root + 2) or vim.fn.fnamemodify(file, ":~:.")
end

local function doc()
  return { uri = vim.uri_from_bufnr(0) }
end

--- Changed paths of the working tree (porcelain v1), relative to the repository root.
function M.changed_paths(root)
  local out = vim.fn.systemlist({ "git", "-C", root, "status", "--porcelain=v1", "--untracked-files=all" })
  if vim.v.shell_error ~= 0 then
    return {}
  end
  local paths = {}
  for _, l in ipairs(out) do
    local p = l:sub(4)
    p = p:match(" %-> (.*)$") or p
    table.insert(paths, p)
  end
  return paths
end

function M.owners()
  local pos = vim.api.nvim_win_get_cursor(0)
  M.request("aexy/ownership", { textDocument = doc(), position = { line = pos[1] - 1, character = 0 } }, function(r)
    float.open(render.ownership(r), { title = "aexy owners", kind = "owners" })
  end)
end

--- Who should do `text`; with `here`, the task is about the current file too (and `text` may
--- be empty: who knows this file best).
function M.match(text, here)
  if (not text or text == "") and not here then
    text = vim.fn.input("Task: ")
  end
  text = text or ""
  if text == "" and not here then
    return
  end
  local params = { textDocument = doc(), description = text, limit = aexy.config.match_limit }
  local title = "Who should do: " .. text
  if here then
    params.uris = { doc().uri }
    local name = M.relative_name(0)
    title = text == "" and ("Who knows " .. name) or (title .. " (on " .. name .. ")")
  end
  M.request("aexy/matchTask", params, function(r)
    float.open(render.candidates(title, r), { title = "aexy match", kind = "match" })
  end)
end

--- Who should take a tracker issue (`PROJ-123`, `ENG-42`, `#456` or its URL): the daemon
--- fetches it (or reads the last sync) and matches it.
function M.match_issue(ref)
  if not ref or ref == "" then
    ref = vim.fn.input("Issue (PROJ-123, ENG-42, #456 or URL): ")
  end
  ref = vim.trim(ref or "")
  if ref == "" then
    return
  end
  M.request("aexy/matchIssue", { textDocument = doc(), issue = ref, limit = aexy.config.match_limit }, function(r)
    float.open(render.issue(ref, r), { title = "aexy issue", kind = "issue" })
  end)
end

--- Starts a sync of pull requests, reviews and issues; the daemon reports when it is done.
function M.sync()
  M.request("aexy/sync", { textDocument = doc() }, function(r)
    if r.started then
      vim.notify("aexy: syncing " .. table.concat(r.repositories or {}, ", "), vim.log.levels.INFO)
    else
      vim.notify("aexy: " .. (type(r.message) == "string" and r.message or "nothing to sync"), vim.log.levels.WARN)
    end
  end)
end

function M.reviewers()
  local root = aexy.root(0)
  if not root then
    vim.notify("aexy: not in a git repository", vim.log.levels.WARN)
    return
  end
  local paths = M.changed_paths(root)
  if #paths == 0 then
    vim.notify("aexy: no uncommitted changes to review", vim.log.levels.INFO)
    return
  end
  local me = vim.trim(vim.fn.system({ "git", "-C", root, "config", "user.email" }))
  local params = { textDocument = doc(), paths = paths, exclude = me ~= "" and { me } or {}, limit = aexy.config.match_limit }
  M.request("aexy/suggestReviewers", params, function(r)
    float.open(render.candidates("Reviewers for " .. #paths .. " changed file(s)", r), { title = "aexy reviewers", kind = "reviewers" })
  end)
end

function M.profile(dev)
  local params = { textDocument = doc() }
  if dev and dev ~= "" then
    params.developer = dev
  end
  M.request("aexy/profile", params, function(r)
    local lines = render.profile(r)
    -- the career part: placement, gaps and the learning path (shown without it when unavailable)
    M.request("aexy/career", params, function(c)
      local d = people.details(c)
      float.open(d and people.career(lines, d) or lines, { title = "aexy profile", kind = "profile" })
    end)
  end)
end

function M.career(args)
  local dev, target = (args or ""):match("^%s*(.-)%s*%-%-target%s+(.-)%s*$")
  dev = dev or args
  local params = { textDocument = doc() }
  if dev and dev ~= "" then
    params.developer = dev
  end
  if target and target ~= "" then
    params.target = target
  end
  M.request("aexy/career", params, function(r)
    float.open(people.career_page(r), { title = "aexy career", kind = "career" })
  end)
end

--- Sends `method` and shows its answer, rendered by `render(result)`, in a float of `kind`.
local function show(method, params, render_fn, kind)
  M.request(method, params, function(r)
    float.open(render_fn(r), { title = "aexy " .. kind, kind = kind })
  end)
end

function M.mentors(area)
  area = (area ~= "" and area) or "."
  show("aexy/mentors", { textDocument = doc(), area = area }, function(r) return people.mentors(r, area) end, "mentors")
end

function M.codeowners(mode)
  show("aexy/codeowners", { textDocument = doc(), mode = (mode == "suggest") and "suggest" or "check" }, people.codeowners, "codeowners")
end

function M.teams(path)
  show("aexy/teams", { textDocument = doc(), ask = (path and path ~= "") and path or nil }, people.teams, "teams")
end

function M.hiring()
  show("aexy/hiring", { textDocument = doc() }, people.hiring, "hiring")
end

function M.team(path)
  local params = { textDocument = doc() }
  if path and path ~= "" then
    params.path = path
  end
  M.request("aexy/teamInsights", params, function(r)
    float.open(render.team(r), { title = "aexy team", kind = "team" })
  end)
end

function M.status()
  M.request("aexy/status", vim.empty_dict(), function(r)
    local lines = { "# aexy " .. tostring(r.version) }
    for _, repo in ipairs(r.repositories or {}) do
      table.insert(lines, string.format("- %s: %s, %s/%s commits%s", repo.root, repo.state, tostring(repo.commitsIndexed), tostring(repo.commitsTotal), type(repo.message) == "string" and (" — " .. repo.message) or ""))
    end
    float.open(lines, { title = "aexy status", kind = "status" })
  end)
end

function M.reindex()
  M.request("workspace/executeCommand", { command = "aexy.reindex", arguments = { doc() } }, function()
    vim.notify("aexy: reindexing started", vim.log.levels.INFO)
  end)
end

function M.define()
  local def = vim.api.nvim_create_user_command
  def("AexyOwners", M.owners, { desc = "aexy: who owns this line and file" })
  def("AexyMatch", function(o) M.match(o.args, o.bang) end, { nargs = "*", bang = true, desc = "aexy: who should do this task? (!: on this file)" })
  def("AexyMatchIssue", function(o) M.match_issue(o.args) end, { nargs = "?", desc = "aexy: who should take this issue? (PROJ-123, ENG-42, #456 or URL)" })
  def("AexySync", M.sync, { desc = "aexy: sync pull requests, reviews and issues" })
  def("AexyReviewers", M.reviewers, { desc = "aexy: suggest reviewers for the uncommitted changes" })
  def("AexyProfile", function(o) M.profile(o.args) end, { nargs = "?", desc = "aexy: a developer's profile (default: you)" })
  def("AexyTeam", function(o) M.team(o.args) end, { nargs = "?", complete = "dir", desc = "aexy: team insights" })
  def("AexyCareer", function(o) M.career(o.args) end, { nargs = "*", desc = "aexy: career path of a developer (default: you; --target ROLE)" })
  def("AexyMentors", function(o) M.mentors(o.args) end, { nargs = "?", complete = "dir", desc = "aexy: who can teach an area" })
  def("AexyCodeowners", function(o) M.codeowners(o.args) end, { nargs = "?", complete = function() return { "check", "suggest" } end, desc = "aexy: CODEOWNERS check (or suggest)" })
  def("AexyTeams", function(o) M.teams(o.args) end, { nargs = "?", complete = "file", desc = "aexy: teams (with a path: which team to ask)" })
  def("AexyHiring", M.hiring, { desc = "aexy: hiring gaps ranked by risk" })
  def("AexyStatus", M.status, { desc = "aexy: index status" })
  def("AexyReindex", M.reindex, { desc = "aexy: reindex the repository" })
  def("AexyExplain", function(o)
    if o.range > 0 then
      require("aexy.explain").explain(o.line1, o.line2)
    else
      require("aexy.explain").explain()
    end
  end, { range = true, desc = "aexy: explain the history of these lines" })
end

return M
